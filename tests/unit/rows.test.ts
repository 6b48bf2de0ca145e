import { MikroORM } from '@mikro-orm/postgresql';
import { Sale } from '../../src/entities/sale.entity';
import { SaleItem } from '../../src/entities/sale-item.entity';
import { SaleItemTax } from '../../src/entities/sale-item-tax.entity';
import { SalePayment } from '../../src/entities/sale-payment.entity';
import { ormOptions } from '../../src/db/database';
import { rowOf } from '../../src/services/core/rows';
import { buildSaleAggregate } from '../../src/services/selling/sale-rows';

/*
 * The sale's one-statement write takes rows as JSON keyed by column (`jsonb_populate_record`), where a
 * missing key is NULL. `rowOf` reads the columns from the entities' metadata; these are the rows that
 * `insertSale` listed by hand before, key for key and value for value.
 */

// Metadata only: no connection is made.
const orm = MikroORM.initSync(ormOptions('postgresql://nobody@127.0.0.1:9/none', { connect: false }));
afterAll(() => orm.close());

const at = new Date('2026-05-01T12:00:00.000Z');
const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function aggregate(): Sale {
  return buildSaleAggregate({
    id: id(1),
    soldAt: at,
    storeId: id(2),
    registerSessionId: id(3),
    terminalId: 'T01',
    receiptNumber: 'R-1',
    cashierId: id(4),
    salesRepId: null,
    customerId: id(5),
    subtotal: 375,
    discountTotal: 25,
    taxTotal: 33,
    grandTotal: 383,
    amountPaid: 400,
    changeGiven: 17,
    requestDigest: 'd'.repeat(64),
    items: [
      {
        id: id(6),
        productId: id(7),
        sku: 'SKU-B',
        productName: 'B',
        quantity: 1500,
        unitPrice: 250,
        effectivePrice: 250,
        priceSource: 'PRODUCT',
        specialId: null,
        overrideRequestedById: id(20),
        overrideApprovedById: id(21),
        unitCost: 125,
        extendedAmount: 375,
        discountAmount: 25,
        taxRate: 925,
        taxAmount: 33,
        lineTotal: 383,
        taxes: [
          {
            id: id(8),
            taxRateId: id(9),
            taxRateName: 'City',
            rate: 100,
            isCompound: true,
            sortOrder: 1,
            taxableAmount: 379,
            taxAmount: 4,
          },
        ],
      },
    ],
    payments: [{ id: id(10), tenderId: id(11), method: 'CASH', isCash: true, amount: 400, reference: null }],
  });
}

const json = (row: Record<string, unknown>) => JSON.parse(JSON.stringify(row));
const stamp = { created_at: at.toISOString(), updated_at: at.toISOString(), version: 1 };

it('writes the sale row with every column', () => {
  const em = orm.em.fork();
  expect(json(rowOf(em, Sale, aggregate()))).toEqual({
    id: id(1),
    ...stamp,
    store_id: id(2),
    register_session_id: id(3),
    terminal_id: 'T01',
    receipt_number: 'R-1',
    cashier_id: id(4),
    sales_rep_id: null,
    customer_id: id(5),
    type: 'SALE',
    refund_of_id: null,
    reason: null,
    status: 'COMPLETED',
    subtotal: 375,
    discount_total: 25,
    tax_total: 33,
    grand_total: 383,
    amount_paid: 400,
    change_given: 17,
    sold_at: at.toISOString(),
    voided_at: null,
    voided_by_id: null,
    void_reason: null,
    request_digest: 'd'.repeat(64),
  });
});

it('writes lines, line taxes and payments with their parents', () => {
  const em = orm.em.fork();
  const sale = aggregate();
  const [item] = [...sale.items];
  expect(json(rowOf(em, SaleItem, item, { sale: sale.id }))).toEqual({
    id: id(6),
    ...stamp,
    sale_id: id(1),
    line_number: 1,
    product_id: id(7),
    sku: 'SKU-B',
    product_name: 'B',
    quantity: 1500,
    unit_price: 250,
    effective_price: 250,
    price_source: 'PRODUCT',
    special_id: null,
    unit_cost: 125,
    extended_amount: 375,
    discount_amount: 25,
    tax_rate: 925,
    tax_amount: 33,
    line_total: 383,
    override_requested_by_id: id(20),
    override_approved_by_id: id(21),
    refund_of_item_id: null,
    disposition: null,
  });
  expect(json(rowOf(em, SaleItemTax, [...item.taxes][0], { saleItem: item.id }))).toEqual({
    id: id(8),
    ...stamp,
    sale_item_id: id(6),
    tax_rate_id: id(9),
    tax_rate_name: 'City',
    rate: 100,
    is_compound: true,
    sort_order: 1,
    taxable_amount: 379,
    tax_amount: 4,
  });
  expect(json(rowOf(em, SalePayment, [...sale.payments][0], { sale: sale.id }))).toEqual({
    id: id(10),
    ...stamp,
    sale_id: id(1),
    position: 1,
    tender_id: id(11),
    method: 'CASH',
    is_cash: true,
    amount: 400,
    reference: null,
    approved_by_id: null,
  });
});

it("reads a parent's id from the reference the collection set, when not given", () => {
  const em = orm.em.fork();
  const sale = aggregate();
  expect(rowOf(em, SalePayment, [...sale.payments][0]).sale_id).toBe(id(1));
});
