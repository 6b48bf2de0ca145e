/**
 * The store events: each store transaction travels to HQ as one outbox event of one of these types,
 * with the payload declared here. The wire that carries them is `sync/shared/protocol.ts`.
 */

/** Store transactions that travel to HQ, each as one outbox event. */
export const EVENT_TYPES = [
  'register.opened',
  'register.closed',
  'sale.created',
  'sale.voided',
  'stock.adjusted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/*
 * Payloads of the events (JSON; money in cents, quantities in thousandths, rates in basis points, times
 * as ISO strings; each figure and list within the bounds of services/bounds.ts, as HQ checks in
 * apply-event.ts). Each carries the ids and times the store gave its rows: HQ writes the same rows with
 * the same ids, so that both sides name one sale, session or movement alike. `storeId` must be the
 * pushing store's (HQ parks the event as FORBIDDEN otherwise).
 */

/** A stock movement the store recorded: HQ applies `quantity` as a delta to its copy of that store's level. */
export interface MovementPayload {
  /** The movement row's id (the same at HQ). */
  id: string;
  productId: string;
  /** Signed change, thousandths. */
  quantity: number;
  /** Who moved it at the store (null: system work). */
  userId: string | null;
  /** When the store recorded it (ISO). */
  createdAt: string;
}

/** A line tax as the store stored it. */
export interface SaleItemTaxPayload {
  id: string;
  taxRateId: string;
  taxRateName: string;
  rate: number;
  isCompound: boolean;
  sortOrder: number;
  taxableAmount: number;
  taxAmount: number;
}

/** A sale line: the REST body's line plus what the store derived (price source, cost, SKU). */
export interface SaleItemPayload {
  id: string;
  productId: string;
  productName: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  effectivePrice: number;
  priceSource: string;
  specialId: string | null;
  unitCost: number;
  taxRate: number;
  taxAmount: number;
  discountAmount: number;
  lineTotal: number;
  taxes: SaleItemTaxPayload[];
}

/**
 * `sale.created`: the sale as `POST /sales` describes it plus its `id`, and what the store derived that
 * HQ keeps identical (soldAt, registerSessionId, amountPaid, changeGiven, line prices, costs and tax
 * bases), and the stock movements it made. HQ trusts the store's prices (its own may have changed
 * while the store was offline) but recomputes the arithmetic from the stated taxes.
 */
export interface SaleCreatedPayload {
  id: string;
  storeId: string;
  registerSessionId: string;
  terminalId: string;
  receiptNumber: string;
  cashierId: string;
  salesRepId: string | null;
  customerId: string | null;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  grandTotal: number;
  amountPaid: number;
  changeGiven: number;
  soldAt: string;
  items: SaleItemPayload[];
  /** Tender by code (`method`), as the REST body names it. */
  payments: Array<{ id: string; method: string; amount: number; reference: string | null }>;
  movements: MovementPayload[];
}

/** `sale.voided`: which sale, who, when, why, and the VOID movements that put its stock back. */
export interface SaleVoidedPayload {
  saleId: string;
  storeId: string;
  voidedAt: string;
  voidedById: string;
  reason: string;
  movements: MovementPayload[];
}

/** `register.opened`: the new session as the store wrote it. */
export interface RegisterOpenedPayload {
  id: string;
  storeId: string;
  terminalId: string;
  openedById: string;
  openedAt: string;
  openingAmount: number;
}

/** `register.closed`: the session's close as the store computed it (HQ keeps its Z number and figures). */
export interface RegisterClosedPayload {
  id: string;
  storeId: string;
  terminalId: string;
  closedAt: string;
  closedById: string;
  zNumber: number;
  expectedCash: number;
  declaredCash: number;
  overShort: number;
  /** The Z report as the store froze it. */
  zReport: Record<string, unknown>;
}

/** `stock.adjusted`: the ADJUSTMENT movement (a count travels as the change it made at the store). */
export interface StockAdjustedPayload {
  /** The movement's id. */
  id: string;
  storeId: string;
  productId: string;
  quantity: number;
  reason: string;
  notes: string | null;
  userId: string | null;
  createdAt: string;
  /** The store's level after it (informational: HQ applies the delta). */
  quantityAfter: number;
}

/** The payload of each event type. */
export interface EventPayloads {
  'register.opened': RegisterOpenedPayload;
  'register.closed': RegisterClosedPayload;
  'sale.created': SaleCreatedPayload;
  'sale.voided': SaleVoidedPayload;
  'stock.adjusted': StockAdjustedPayload;
}
