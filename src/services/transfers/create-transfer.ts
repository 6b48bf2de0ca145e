import { Transfer } from '../../entities/transfer.entity.js';
import { TransferItem } from '../../entities/transfer-item.entity.js';
import { TransferStepKind } from '../../entities/transfer-step.entity.js';
import type { RequestContext } from '../core/context.js';
import { unprocessable } from '../core/errors.js';
import { tradingScope } from '../core/scope.js';
import { recordEvent } from '../events/outbox.js';
import { transferStepPayload, transferStepped, type TransferItemPayload } from './transfer-events.js';
import { loadTransfer } from './transfer-queries.js';
import { newStep } from './transfer-steps.js';
import { insertTransfer } from './transfer-writer.js';

/** The source is the request's scope (`ctx.scope`: the rule's `fromStoreId`). */
export interface CreateTransferInput {
  toStoreId: string;
  notes?: string | null;
  items: ReadonlyArray<{ productId: string; quantity: number }>;
}

/**
 * `POST /transfers`: a PENDING transfer from the source (a store the caller may create transfers for,
 * trading, and made on its own server when it has one: `tradingScope`) to another active store. Each line
 * is an active product, once; SKU and name are kept as they are now. Its number is the source's code and
 * the source's next counter (`MAIN-T000001`): the source makes every number of its own, on its own server
 * and offline, so numbers never clash between stores; the counter is taken under a lock on the source.
 */
export async function createTransfer(ctx: RequestContext, input: CreateTransferInput): Promise<Transfer> {
  const source = await tradingScope(ctx);
  const [destination] = await ctx.em.execute<Array<{ code: string; is_active: boolean }>>(
    'select code, is_active from store where id = ?',
    [input.toStoreId],
  );
  if (input.toStoreId === source.id) {
    throw unprocessable('toStoreId', 'must be another store than the source');
  }
  if (!destination) throw unprocessable('toStoreId', 'no store with this id');
  if (!destination.is_active) {
    throw unprocessable('toStoreId', `store ${destination.code} is inactive and cannot receive stock`);
  }
  const lines = await productLines(ctx, input.items);

  await ctx.em.execute(`select pg_advisory_xact_lock(hashtextextended('transfer-serial:' || ?, 0))`, [
    source.id,
  ]);
  const [{ serial }] = await ctx.em.execute<Array<{ serial: number }>>(
    'select coalesce(max(serial), 0) + 1 as serial from transfer where from_store_id = ?',
    [source.id],
  );
  const now = ctx.runtime.now();
  const transfer = new Transfer();
  Object.assign(transfer, {
    number: `${source.code}-T${String(serial).padStart(6, '0')}`,
    serial,
    fromStoreId: source.id,
    toStoreId: input.toStoreId,
    notes: input.notes ?? null,
    createdById: ctx.user!.id,
    createdAt: now,
    updatedAt: now,
  });
  const items = lines.map((line, i) => {
    const item = new TransferItem();
    Object.assign(item, { ...line, lineNumber: i + 1 });
    return item;
  });
  const step = newStep(ctx, transfer, TransferStepKind.CREATED, source.id, null, null, now);
  await insertTransfer(ctx, transfer, items, step);
  await recordEvent(ctx, transferStepped, () =>
    transferStepPayload(transfer, step, [], items.map(itemPayload)),
  );
  return loadTransfer(ctx, transfer.id);
}

/** The lines asked for, each an active product given once, with its SKU and name (422 naming the line). */
async function productLines(
  ctx: RequestContext,
  items: CreateTransferInput['items'],
): Promise<Array<Pick<TransferItem, 'productId' | 'sku' | 'productName' | 'quantity'>>> {
  const rows = await ctx.em.execute<Array<{ id: string; sku: string; name: string; is_active: boolean }>>(
    'select id, sku, name, is_active from product where id = any(?::uuid[])',
    [`{${items.map((item) => item.productId).join(',')}}`],
  );
  const products = new Map(rows.map((row) => [row.id, row]));
  const seen = new Set<string>();
  return items.map((item, i) => {
    const product = products.get(item.productId);
    const field = `items.${i}.productId`;
    if (!product) throw unprocessable(field, 'no product with this id');
    if (!product.is_active) throw unprocessable(field, `product ${product.sku} is inactive`);
    if (seen.has(item.productId)) throw unprocessable(field, `product ${product.sku} is given twice`);
    seen.add(item.productId);
    return { productId: product.id, sku: product.sku, productName: product.name, quantity: item.quantity };
  });
}

const itemPayload = (item: TransferItem): TransferItemPayload => ({
  id: item.id,
  lineNumber: item.lineNumber,
  productId: item.productId,
  sku: item.sku,
  productName: item.productName,
  quantity: item.quantity,
});
