/** HQ answered with an error envelope (4xx/5xx). */
export class HqHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; code?: string; expectedSeq?: number } & Record<string, unknown>,
    /** Seconds HQ asked to wait (its Retry-After header), if any. */
    readonly retryAfter?: number,
  ) {
    super(`HQ answered ${status}: ${body.error ?? 'no message'}`);
    this.name = 'HqHttpError';
  }
}

/** HQ could not be reached (down, network, timeout): the store keeps working and retries later. */
export class HqUnreachable extends Error {
  constructor(cause: unknown) {
    super(`HQ unreachable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'HqUnreachable';
  }
}

/** A store server's client of HQ's sync routes: the sync token on every call, the envelope unwrapped. */
export class HqClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Calls `/api/v1<path>` and returns the envelope's `data`. */
  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    opts: { timeoutMs?: number } = {},
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs),
      });
    } catch (err) {
      throw new HqUnreachable(err);
    }
    let parsed: { success?: boolean; data?: T } & Record<string, unknown>;
    try {
      parsed = (await res.json()) as typeof parsed;
    } catch (err) {
      if (res.status >= 500) throw new HqUnreachable(`status ${res.status}`);
      throw new HqUnreachable(err);
    }
    if (!res.ok || parsed.success !== true) {
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new HqHttpError(
        res.status,
        parsed,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    return parsed.data as T;
  }

  /** The WebSocket URL of HQ's sync hints. */
  get socketUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/api/v1/sync/ws`;
  }

  /** The token, for the WebSocket's Authorization header. */
  get authorization(): string {
    return `Bearer ${this.token}`;
  }
}
