import type { IncomingMessage } from 'node:http';
import { AppError } from '../services/core/index.js';

/** A request body: JSON only, at most 1 MB, and an object. */

const MAX_BODY_BYTES = 1_000_000;

/** `application/json`, or a structured `+json` type (`application/merge-patch+json`); parameters aside. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.!#$&^-]+\+)?json$/i;

/** Whether a Content-Type header says JSON. */
export function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && JSON_MEDIA_TYPE.test(header.split(';')[0].trim());
}

/** The refusal of a body that is not JSON (415), over REST and GraphQL alike. */
export const NOT_JSON_MESSAGE = 'Request body must be JSON, sent as Content-Type: application/json';

const notJson = () => new AppError('UNSUPPORTED_MEDIA_TYPE', NOT_JSON_MESSAGE);

/**
 * Refuses (415) a request whose Content-Type is not JSON, before anything runs. A browser sends text/plain,
 * form and multipart bodies to any origin without a CORS preflight: were they read as JSON, any web page
 * open in a shop's browser could sign in, guess PINs or spend sign-in budgets. (A body without any
 * Content-Type, which a page can send too, is refused once read: only an empty one is accepted.)
 */
export function assertJsonContentType(req: IncomingMessage): void {
  const type = req.headers['content-type'];
  if (type !== undefined && !isJsonContentType(type)) throw notJson();
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The request's JSON object, or undefined for an empty body. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = await readText(req);
  if (!text) return undefined;
  if (req.headers['content-type'] === undefined) throw notJson();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'Request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('VALIDATION', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
