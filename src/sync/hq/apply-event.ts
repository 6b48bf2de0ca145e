import { PriceSource } from '../../entities/sale-item.entity.js';
import { AdjustmentReason } from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../../services/core/index.js';
import {
  MAX_LINE_TAXES,
  MAX_MONEY,
  MAX_PAYMENTS,
  MAX_QUANTITY,
  MAX_SALE_LINES,
  AppError,
  invalid,
  isUuid,
} from '../../services/core/index.js';
import { recordStoreRegisterClosed, recordStoreRegisterOpened } from '../../services/registers/index.js';
import {
  lookUpStoreSales,
  recordStoreSale,
  recordStoreVoid,
  type StoreSalesLookup,
} from '../../services/selling/index.js';
import { recordStoreAdjustment } from '../../services/inventory/index.js';
import type { EventPayloads, EventType } from '../../services/events/index.js';

/**
 * What a payload field must be. Payloads come from store servers running this code, but a store on an
 * older version, a bug or a hand-made push must be parked with a clear VALIDATION error rather than
 * fail somewhere in SQL, or be stored and then fail every read of it.
 *
 * Numbers: `int` is any safe integer (a session's sums, rates and positions the tax engine checks, and
 * stock movements, which HQ's ledger bounds by the level they leave: see `moveStock`); `money` and
 * `quantity` are one figure within the same bounds as the API's arguments (`services/bounds.ts`);
 * `count` fits GraphQL's `Int`. Lists are bounded like the API's (`list(shape, max)`).
 */
type Kind =
  | 'string'
  | 'string?'
  | 'uuid'
  | 'uuid?'
  | 'int'
  | 'count'
  | 'money'
  | 'quantity'
  | 'bool'
  | 'date'
  | 'object'
  | { oneOf: readonly string[] }
  | { list: Shape; max: number };
interface Shape {
  [field: string]: Kind;
}

/** A list of at most `max` elements of `shape`. */
const list = (shape: Shape, max: number): Kind => ({ list: shape, max });

/** The largest figure of each bounded number kind (either way; `count` from 0). */
const NUMBER_BOUNDS = {
  int: Number.MAX_SAFE_INTEGER,
  count: 2 ** 31 - 1,
  money: MAX_MONEY,
  quantity: MAX_QUANTITY,
} as const;

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
    subtotal: 'money',
    discountTotal: 'money',
    taxTotal: 'money',
    grandTotal: 'money',
    amountPaid: 'money',
    changeGiven: 'money',
    soldAt: 'date',
    items: list(
      {
        id: 'uuid',
        productId: 'uuid',
        productName: 'string',
        sku: 'string',
        quantity: 'quantity',
        unitPrice: 'money',
        effectivePrice: 'money',
        priceSource: { oneOf: Object.values(PriceSource) },
        specialId: 'uuid?',
        unitCost: 'money',
        taxRate: 'int',
        taxAmount: 'money',
        discountAmount: 'money',
        lineTotal: 'money',
        taxes: list(
          {
            id: 'uuid',
            taxRateId: 'uuid',
            taxRateName: 'string',
            rate: 'int',
            isCompound: 'bool',
            sortOrder: 'int',
            taxableAmount: 'money',
            taxAmount: 'money',
          },
          MAX_LINE_TAXES,
        ),
      },
      MAX_SALE_LINES,
    ),
    payments: list({ id: 'uuid', method: 'string', amount: 'money', reference: 'string?' }, MAX_PAYMENTS),
    movements: list(MOVEMENT, MAX_SALE_LINES),
  },
  'sale.voided': {
    saleId: 'uuid',
    storeId: 'uuid',
    voidedAt: 'date',
    voidedById: 'uuid',
    reason: 'string',
    movements: list(MOVEMENT, MAX_SALE_LINES),
  },
  'register.opened': {
    id: 'uuid',
    storeId: 'uuid',
    terminalId: 'string',
    openedById: 'uuid',
    openedAt: 'date',
    openingAmount: 'money',
  },
  'register.closed': {
    id: 'uuid',
    storeId: 'uuid',
    terminalId: 'string',
    closedAt: 'date',
    closedById: 'uuid',
    zNumber: 'count',
    expectedCash: 'int',
    declaredCash: 'money',
    overShort: 'int',
    zReport: 'object',
  },
  'stock.adjusted': {
    id: 'uuid',
    storeId: 'uuid',
    productId: 'uuid',
    // A change may be as large as a level (a count); HQ's ledger refuses one that leaves the level out of bounds.
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
    if (typeof kind === 'object' && 'list' in kind) {
      if (!Array.isArray(v)) fail('an array');
      if ((v as unknown[]).length > kind.max) fail(`an array of at most ${kind.max}`);
      (v as unknown[]).forEach((element, i) => check(element, kind.list, `${at}.${i}`));
    } else if (typeof kind === 'object') {
      if (typeof v !== 'string' || !kind.oneOf.includes(v)) fail(`one of ${kind.oneOf.join(', ')}`);
    } else if (kind.endsWith('?') && v === null) {
      continue;
    } else if (kind.startsWith('string')) {
      if (typeof v !== 'string') fail('a string');
    } else if (kind.startsWith('uuid')) {
      if (!isUuid(v)) fail('a UUID');
    } else if (kind in NUMBER_BOUNDS) {
      const max = NUMBER_BOUNDS[kind as keyof typeof NUMBER_BOUNDS];
      const min = kind === 'count' ? 0 : -max;
      if (typeof v !== 'number' || !Number.isInteger(v)) fail('an integer');
      if ((v as number) < min || (v as number) > max) fail(`an integer from ${min} to ${max}`);
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
