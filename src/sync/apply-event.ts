import { PriceSource } from '../entities/sale-item.entity.js';
import { AdjustmentReason } from '../entities/stock-movement.entity.js';
import type { RequestContext } from '../services/context.js';
import { AppError, invalid } from '../services/errors.js';
import { recordStoreRegisterClosed, recordStoreRegisterOpened } from '../services/register.service.js';
import {
  lookUpStoreSales,
  recordStoreSale,
  recordStoreVoid,
  type StoreSalesLookup,
} from '../services/sale.service.js';
import { recordStoreAdjustment } from '../services/stock.service.js';
import type { EventPayloads, EventType } from './protocol.js';

/**
 * What a payload field must be. Payloads come from store servers running this code, but a store on an
 * older version, a bug or a hand-made push must be parked with a clear VALIDATION error rather than
 * fail somewhere in SQL.
 */
type Kind =
  | 'string'
  | 'string?'
  | 'uuid'
  | 'uuid?'
  | 'int'
  | 'bool'
  | 'date'
  | 'object'
  | { oneOf: readonly string[] }
  | Shape[];
interface Shape {
  [field: string]: Kind;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const MOVEMENT: Shape = {
  id: 'uuid',
  productId: 'uuid',
  quantity: 'int',
  userId: 'uuid?',
  createdAt: 'date',
};

const SHAPES: Record<EventType, Shape> = {
  'sale.created': {
    id: 'uuid',
    storeId: 'uuid',
    registerSessionId: 'uuid',
    terminalId: 'string',
    receiptNumber: 'string',
    cashierId: 'uuid',
    salesRepId: 'uuid?',
    customerId: 'uuid?',
    subtotal: 'int',
    discountTotal: 'int',
    taxTotal: 'int',
    grandTotal: 'int',
    amountPaid: 'int',
    changeGiven: 'int',
    soldAt: 'date',
    items: [
      {
        id: 'uuid',
        productId: 'uuid',
        productName: 'string',
        sku: 'string',
        quantity: 'int',
        unitPrice: 'int',
        effectivePrice: 'int',
        priceSource: { oneOf: Object.values(PriceSource) },
        specialId: 'uuid?',
        unitCost: 'int',
        taxRate: 'int',
        taxAmount: 'int',
        discountAmount: 'int',
        lineTotal: 'int',
        taxes: [
          {
            id: 'uuid',
            taxRateId: 'uuid',
            taxRateName: 'string',
            rate: 'int',
            isCompound: 'bool',
            sortOrder: 'int',
            taxableAmount: 'int',
            taxAmount: 'int',
          },
        ],
      },
    ],
    payments: [{ id: 'uuid', method: 'string', amount: 'int', reference: 'string?' }],
    movements: [MOVEMENT],
  },
  'sale.voided': {
    saleId: 'uuid',
    storeId: 'uuid',
    voidedAt: 'date',
    voidedById: 'uuid',
    reason: 'string',
    movements: [MOVEMENT],
  },
  'register.opened': {
    id: 'uuid',
    storeId: 'uuid',
    terminalId: 'string',
    openedById: 'uuid',
    openedAt: 'date',
    openingAmount: 'int',
  },
  'register.closed': {
    id: 'uuid',
    storeId: 'uuid',
    terminalId: 'string',
    closedAt: 'date',
    closedById: 'uuid',
    zNumber: 'int',
    expectedCash: 'int',
    declaredCash: 'int',
    overShort: 'int',
    zReport: 'object',
  },
  'stock.adjusted': {
    id: 'uuid',
    storeId: 'uuid',
    productId: 'uuid',
    quantity: 'int',
    reason: { oneOf: Object.values(AdjustmentReason) },
    notes: 'string?',
    userId: 'uuid?',
    createdAt: 'date',
    quantityAfter: 'int',
  },
};

/** Checks `value` against `shape`, naming the first wrong field by its path (`payload.items.0.quantity`). */
function check(value: unknown, shape: Shape, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(path, 'must be an object');
  const record = value as Record<string, unknown>;
  for (const [field, kind] of Object.entries(shape)) {
    const at = `${path}.${field}`;
    const v = record[field];
    const fail = (what: string) => {
      throw invalid(at, `must be ${what}`);
    };
    if (Array.isArray(kind)) {
      if (!Array.isArray(v)) fail('an array');
      (v as unknown[]).forEach((element, i) => check(element, kind[0], `${at}.${i}`));
    } else if (typeof kind === 'object') {
      if (typeof v !== 'string' || !kind.oneOf.includes(v)) fail(`one of ${kind.oneOf.join(', ')}`);
    } else if (kind.endsWith('?') && v === null) {
      continue;
    } else if (kind.startsWith('string')) {
      if (typeof v !== 'string') fail('a string');
    } else if (kind.startsWith('uuid')) {
      if (typeof v !== 'string' || !UUID_RE.test(v)) fail('a UUID');
    } else if (kind === 'int') {
      if (!Number.isSafeInteger(v)) fail('an integer');
    } else if (kind === 'bool') {
      if (typeof v !== 'boolean') fail('true or false');
    } else if (kind === 'date') {
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) fail('an ISO date-time');
    } else if (kind === 'object') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('an object');
    }
  }
}

function isEventType(type: string): type is EventType {
  return Object.hasOwn(SHAPES, type);
}

/**
 * HQ: applies one pushed event of `storeId` (the pushing store's, from its token) in the caller's
 * transaction: checks the payload's shape, that it is that store's own transaction (FORBIDDEN: one
 * store cannot push as another), then hands it to the service that records it. Throws AppError on
 * anything that must park the event.
 */
export async function applyEvent(
  ctx: RequestContext,
  storeId: string,
  event: { type: string; payload: Record<string, unknown> },
  lookup?: StoreSalesLookup,
): Promise<void> {
  if (!isEventType(event.type)) throw invalid('type', `unknown event type ${event.type}`);
  const payload = event.payload;
  if (payload && typeof payload === 'object' && 'storeId' in payload && payload.storeId !== storeId) {
    throw new AppError(
      'FORBIDDEN',
      `storeId: a store pushes only its own transactions (not ${String(payload.storeId)})`,
      {
        field: 'storeId',
      },
    );
  }
  check(payload, SHAPES[event.type], 'payload');
  const typed = <T extends EventType>() => payload as unknown as EventPayloads[T];
  switch (event.type) {
    case 'sale.created':
      return recordStoreSale(ctx, storeId, typed<'sale.created'>(), lookup);
    case 'sale.voided':
      return recordStoreVoid(ctx, storeId, typed<'sale.voided'>());
    case 'register.opened':
      return recordStoreRegisterOpened(ctx, storeId, typed<'register.opened'>());
    case 'register.closed':
      return recordStoreRegisterClosed(ctx, storeId, typed<'register.closed'>());
    case 'stock.adjusted':
      return recordStoreAdjustment(ctx, storeId, typed<'stock.adjusted'>());
  }
}

/**
 * Reads ahead, in one statement, the rows that the well-formed sales among `events` name (see
 * `StoreSalesLookup`), so that applying a push does not read them sale by sale. Undefined without sales.
 */
export async function lookAhead(
  ctx: RequestContext,
  events: Array<{ type: string; payload: Record<string, unknown> }>,
): Promise<StoreSalesLookup | undefined> {
  const sales = events.filter((event) => {
    if (event.type !== 'sale.created') return false;
    try {
      check(event.payload, SHAPES['sale.created'], 'payload');
      return true;
    } catch {
      // Parked when it is applied, with the reason.
      return false;
    }
  });
  if (sales.length < 2) return undefined;
  return lookUpStoreSales(
    ctx,
    sales.map((event) => event.payload as unknown as EventPayloads['sale.created']),
  );
}
