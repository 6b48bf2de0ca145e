import type { TestServer } from './server';

/** A line of `POST /purchase-orders`. */
export interface OrderLine {
  productId: string;
  quantity: number;
  unitCost?: number;
}

async function ok(res: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}: ${JSON.stringify(r.body)}`);
  return r.body.data;
}

/** Creates a DRAFT purchase order through the API (201), as `token` (default the admin). */
export function draftPurchaseOrder(
  t: TestServer,
  body: { supplierId: string; storeId: string; items?: OrderLine[]; notes?: string; expectedDate?: string },
  token = t.adminToken,
): Promise<any> {
  return ok(t.rest('POST', '/purchase-orders', { token, body }), 201);
}

/** Submits, approves and sends a DRAFT (as the admin): answers the SENT order. */
export async function sendDraft(t: TestServer, id: string, token = t.adminToken): Promise<any> {
  for (const step of ['submit', 'approve'])
    await ok(t.rest('PATCH', `/purchase-orders/${id}/${step}`, { token }));
  return ok(t.rest('PATCH', `/purchase-orders/${id}/send`, { token }));
}

/** A SENT purchase order with these lines (made and walked through its steps by the admin). */
export async function sentPurchaseOrder(
  t: TestServer,
  body: { supplierId: string; storeId: string; items: OrderLine[] },
): Promise<any> {
  const draft = await draftPurchaseOrder(t, body);
  return sendDraft(t, draft.id);
}

/** Half-to-even rounding of a / b for the expected figures of a test (b > 0), worked out independently. */
export function roundHalfEven(a: number, b: number): number {
  const q = Math.floor(a / b);
  const r = a - q * b;
  if (r * 2 < b) return q;
  if (r * 2 > b) return q + 1;
  return q % 2 === 0 ? q : q + 1;
}

/**
 * Everything a purchase order's routes can change, as a fingerprint of each table: compare two with
 * `toEqual` to prove a refused call changed nothing.
 */
export function purchasingSnapshot(t: TestServer): Promise<Array<{ t: string; h: string }>> {
  const tables = [
    'purchase_order',
    'purchase_order_item',
    'purchase_order_receipt',
    'stock_movement',
    'inventory_level',
    'sync_outbox',
  ];
  return t.sql(
    tables
      .map(
        (table) =>
          `select '${table}' as t, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from "${table}" x`,
      )
      .join(' union all '),
  );
}
