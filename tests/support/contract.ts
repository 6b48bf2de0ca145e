import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks REST answers against the OpenAPI document the server serves: each answer's status must be one
 * the document gives for its operation, and its body must match that status's schema. A request that
 * names no operation (an unknown path, another method) must answer the error envelope.
 */

type Json = Record<string, any>;

interface Operation {
  pattern: RegExp;
  method: string;
  pointer: string;
  operation: Json;
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi');
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        this.operations.push({
          pattern: new RegExp('^' + path.replace(/\{\w+\}/g, '[^/]+') + '$'),
          method: method.toUpperCase(),
          pointer: `#/paths/${escape(path)}/${method}`,
          operation,
        });
      }
    }
  }

  /** The operation a request reaches, as the server matches it (the first of its method in order). */
  operationFor(method: string, path: string): Operation | undefined {
    return this.operations.find((op) => op.method === method && op.pattern.test(path));
  }

  /** Throws, saying why, when an answer breaks the document. `path` is the full path, query aside. */
  check(method: string, path: string, status: number, body: unknown): void {
    if (path.endsWith('/openapi.json')) return;
    const op = this.operationFor(method, path);
    const pointer = op ? this.responsePointer(op, status) : '#/components/schemas/ErrorEnvelope';
    const validate = this.validator(pointer);
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new Error(
        `${method} ${path} answered ${status} against its documented schema: ${problems}\n${JSON.stringify(body).slice(0, 600)}`,
      );
    }
  }

  private responsePointer(op: Operation, status: number): string {
    const response = op.operation.responses?.[status];
    if (!response) {
      throw new Error(
        `${op.method} ${op.pointer} answered ${status}, which its operation does not document (${Object.keys(op.operation.responses).join(', ')})`,
      );
    }
    const base = response.$ref ? (response.$ref as string) : `${op.pointer}/responses/${status}`;
    return `${base}/content/application~1json/schema`;
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}
