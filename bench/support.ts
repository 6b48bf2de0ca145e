/** What the bench's scenarios share: the seeded catalogue, waiting for a server, one REST call. */
import pg from 'pg';

/**
 * Inserts `count` products in one statement (SKU-000000..., barcodes 20 + 11 digits), on a client or
 * a database URL, then analyzes the table. On HQ the change log's triggers record them as the API would.
 */
export async function seedProducts(target: pg.Client | string, count: number): Promise<void> {
  const client = typeof target === 'string' ? new pg.Client({ connectionString: target }) : target;
  if (typeof target === 'string') await client.connect();
  try {
    await client.query(
      `insert into product (id, created_at, updated_at, version, sku, barcode, name, cost_price, sell_price)
       select gen_random_uuid(), now(), now(), 1, 'SKU-' || lpad(i::text, 6, '0'), '20' || lpad(i::text, 11, '0'),
              'Product ' || lpad(i::text, 6, '0'), 100 + i % 500, 199 + i % 900
         from generate_series(0, $1 - 1) as i`,
      [count],
    );
    await client.query('analyze product');
  } finally {
    if (typeof target === 'string') await client.end();
  }
}

/** Resolves once `base`/health answers 200; fails after 60 s, or as soon as `exited()` says so. */
export async function waitForHealth(base: string, exited: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (exited()) throw new Error('server exited during start');
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

/** One REST call; returns the envelope's `data`, throws on a failure envelope. */
export async function rest<T>(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await res.json()) as { success: boolean; data: T; error?: string };
  if (!envelope.success) throw new Error(`${method} ${path}: ${res.status} ${envelope.error}`);
  return envelope.data;
}
