/**
 * The bench's reference: a bare `node:http` + `pg` server running the very statements of the till's
 * hot paths (the barcode look-up; the sale's begin, read, write, ledger, commit), with no framework,
 * no validation and no figures checked. `npm run bench` measures it beside the real server, so that
 * the real server's share of what this machine can do is known (the targets are relative to
 * such a server). Not part of the product.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { BARCODE_LOOKUP_SQL } from '../src/services/catalog/index.js';
import { INSERT_SALE_SQL, SALE_CONTEXT_SQL } from '../src/services/selling/index.js';
import { MOVE_STOCK_SQL } from '../src/services/inventory/index.js';

/** `?` placeholders numbered for PostgreSQL. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};
const SQL = {
  barcode: numbered(BARCODE_LOOKUP_SQL),
  context: numbered(SALE_CONTEXT_SQL),
  insert: numbered(INSERT_SALE_SQL),
  move: numbered(MOVE_STOCK_SQL),
};

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });

interface SaleBody {
  receiptNumber: string;
  cashierId: string;
  terminalId: string;
  storeId: string;
  subtotal: number;
  taxTotal: number;
  grandTotal: number;
  items: Array<{
    productId: string;
    productName: string;
    quantity: number;
    unitPrice: number;
    taxRate: number;
    taxAmount: number;
    lineTotal: number;
  }>;
  payments: Array<{ method: string; amount: number }>;
}

async function barcode(res: ServerResponse, code: string): Promise<void> {
  // The real look-up's statement with its parameters: the store priced at (none here), now, the code.
  const values = [null, new Date().toISOString(), code];
  const { rows } = await pool.query({ name: 'barcode', text: SQL.barcode, values });
  reply(res, rows.length ? 200 : 404, { success: rows.length > 0, data: rows[0] ?? null });
}

async function sale(res: ServerResponse, text: string): Promise<void> {
  const body = JSON.parse(text) as SaleBody;
  const now = new Date();
  const client = await pool.connect();
  try {
    await client.query('begin');
    const {
      rows: [c],
    } = await client.query(SQL.context, [
      body.storeId,
      body.terminalId,
      body.receiptNumber,
      body.cashierId,
      null,
      null,
      JSON.stringify(body.payments.map((p) => p.method)),
      JSON.stringify(body.items.map((i) => i.productId)),
      now.toISOString(),
    ]);
    const skus = new Map<string, string>(
      (c.products ?? []).map((p: { id: string; sku: string }) => [p.id, p.sku]),
    );
    const row = () => ({ id: uuidv7(), created_at: now, updated_at: now, version: 1 });
    const saleId = uuidv7();
    const items = body.items.map((item, i) => ({
      ...row(),
      sale_id: saleId,
      line_number: i + 1,
      product_id: item.productId,
      sku: skus.get(item.productId),
      product_name: item.productName,
      quantity: item.quantity,
      unit_price: item.unitPrice,
      effective_price: item.unitPrice,
      price_source: 'PRODUCT',
      special_id: null,
      unit_cost: 0,
      extended_amount: item.lineTotal - item.taxAmount,
      discount_amount: 0,
      tax_rate: item.taxRate,
      tax_amount: item.taxAmount,
      line_total: item.lineTotal,
    }));
    const rate = c.rates[0];
    const taxes = items.map((item) => ({
      ...row(),
      sale_item_id: item.id,
      tax_rate_id: rate.id,
      tax_rate_name: rate.name,
      rate: rate.rate,
      is_compound: false,
      sort_order: 0,
      taxable_amount: item.extended_amount,
      tax_amount: item.tax_amount,
    }));
    const tender = c.tenders[0];
    const paid = body.payments[0].amount;
    await client.query(SQL.insert, [
      JSON.stringify({
        ...row(),
        id: saleId,
        type: 'SALE',
        refund_of_id: null,
        reason: null,
        store_id: body.storeId,
        register_session_id: c.session_id,
        terminal_id: body.terminalId,
        receipt_number: body.receiptNumber,
        cashier_id: body.cashierId,
        sales_rep_id: null,
        customer_id: null,
        status: 'COMPLETED',
        subtotal: body.subtotal,
        discount_total: 0,
        tax_total: body.taxTotal,
        grand_total: body.grandTotal,
        amount_paid: paid,
        change_given: paid - body.grandTotal,
        sold_at: now,
        voided_at: null,
        voided_by_id: null,
        void_reason: null,
        request_digest: createHash('sha256').update(text).digest('hex'),
      }),
      JSON.stringify(items),
      JSON.stringify(taxes),
      JSON.stringify([
        {
          ...row(),
          sale_id: saleId,
          position: 1,
          tender_id: tender.id,
          method: tender.code,
          is_cash: true,
          amount: paid,
          reference: null,
        },
      ]),
    ]);
    const levels = items.map((item) => ({
      id: uuidv7(),
      store_id: body.storeId,
      product_id: item.product_id,
      quantity: -item.quantity,
    }));
    const moves = items.map((item, ord) => ({
      ord,
      id: uuidv7(),
      store_id: body.storeId,
      product_id: item.product_id,
      quantity: -item.quantity,
      type: 'SALE',
      reason: null,
      reference_id: saleId,
      notes: null,
    }));
    await client.query(SQL.move, [
      now,
      now,
      JSON.stringify(levels),
      JSON.stringify(moves),
      body.cashierId,
      now,
    ]);
    await client.query('commit');
    reply(res, 201, { success: true, data: { id: saleId, items, taxes } });
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    reply(res, 500, { success: false, error: (err as Error).message });
  } finally {
    client.release();
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

createServer((req, res) => {
  const url = req.url ?? '';
  if (url === '/health') return reply(res, 200, { status: 'ok' });
  const work =
    req.method === 'POST' && url === '/api/v1/sales'
      ? readBody(req).then((text) => sale(res, text))
      : url.startsWith('/api/v1/products/barcode/')
        ? barcode(res, url.slice('/api/v1/products/barcode/'.length))
        : Promise.resolve(reply(res, 404, { success: false }));
  work.catch((err: unknown) => reply(res, 500, { success: false, error: String(err) }));
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('bare server listening'));
