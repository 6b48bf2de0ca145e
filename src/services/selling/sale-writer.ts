import { Sale } from '../../entities/sale.entity.js';
import { SaleItem } from '../../entities/sale-item.entity.js';
import { SaleItemTax } from '../../entities/sale-item-tax.entity.js';
import { SalePayment } from '../../entities/sale-payment.entity.js';
import type { RequestContext } from '../core/context.js';
import { rowOf } from '../core/rows.js';

/** The sale's one write (see `insertSale`); exported for the bench's bare reference server. */
export const INSERT_SALE_SQL = `with new_sale as (
       insert into sale select * from jsonb_populate_record(null::sale, ?::jsonb)
       on conflict (store_id, terminal_id, receipt_number) do nothing
       returning id
     ), items as (
       insert into sale_item select x.* from jsonb_populate_recordset(null::sale_item, ?::jsonb) x
        where exists (select 1 from new_sale)
     ), taxes as (
       insert into sale_item_tax select x.* from jsonb_populate_recordset(null::sale_item_tax, ?::jsonb) x
        where exists (select 1 from new_sale)
     ), payments as (
       insert into sale_payment select x.* from jsonb_populate_recordset(null::sale_payment, ?::jsonb) x
        where exists (select 1 from new_sale)
     )
     select id from new_sale`;

/**
 * Writes the sale, its lines, line taxes and payments in one statement. Rows are built whole from JSON
 * (`jsonb_populate_record` of the table's own row type), a missing key being NULL, never the column's
 * default: `rowOf` derives every key from the entity's metadata, so a column added to one of these
 * entities is written too. The sale row goes first with `on conflict do nothing` on its key: false when
 * a concurrent request recorded that key first (then nothing is written).
 */
export async function insertSale(ctx: RequestContext, sale: Sale): Promise<boolean> {
  const { em } = ctx;
  const items = [...sale.items];
  const rows = await em.execute<Array<{ id: string }>>(INSERT_SALE_SQL, [
    JSON.stringify(rowOf(em, Sale, sale)),
    JSON.stringify(items.map((item) => rowOf(em, SaleItem, item, { sale: sale.id }))),
    JSON.stringify(
      items.flatMap((item) =>
        [...item.taxes].map((tax) => rowOf(em, SaleItemTax, tax, { saleItem: item.id })),
      ),
    ),
    JSON.stringify([...sale.payments].map((payment) => rowOf(em, SalePayment, payment, { sale: sale.id }))),
  ]);
  return rows.length === 1;
}
