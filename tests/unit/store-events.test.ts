import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { AppError } from '../../src/services/core/errors';
import { checkShape, list, oneOf, shape, type Infer } from '../../src/services/events/shape';
import type { PayloadOf } from '../../src/services/events/registry';
import { EVENT_TYPES, STORE_EVENTS, storeEventOf } from '../../src/services/store-events';
import type { saleCreated, saleVoided } from '../../src/services/selling';
import type { stockAdjusted } from '../../src/services/inventory';

/*
 * A store event is one declaration (`defineStoreEvent`), listed once (`services/store-events.ts`): this
 * fails when a service records an event that is not declared and listed, or a declaration has no HQ
 * applier; and it pins the refusals of the payload shape checker HQ runs on every pushed event.
 */

const ROOT = resolve(__dirname, '../..');
const SOURCES = readdirSync(join(ROOT, 'src'), { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => join(entry.parentPath, entry.name));

/** `name → type` of every `export const name = defineStoreEvent('type', ...)` under src/. */
function declarations(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of SOURCES) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/export const (\w+) = defineStoreEvent\(\s*'([^']+)'/g))
      found.set(m[1], m[2]);
  }
  return found;
}

/** `file: declaration` of every `recordEvent(ctx, declaration, ...)` call under src/. */
function recordings(): Array<{ file: string; declaration: string }> {
  return SOURCES.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/recordEvent\(\s*ctx,\s*([^,\s]+)\s*,/g)].map((m) => ({
      file: relative(ROOT, file),
      declaration: m[1],
    })),
  );
}

describe('the store events', () => {
  it('records only declared and listed events', () => {
    const declared = declarations();
    const recorded = recordings();
    expect(recorded.length).toBeGreaterThanOrEqual(5);
    const undeclared = recorded.filter(
      (r) => !declared.has(r.declaration) || !storeEventOf(declared.get(r.declaration)!),
    );
    expect(undeclared).toEqual([]);
  });

  it('lists every declaration, each once, each with an HQ applier', () => {
    expect([...declarations().values()].sort()).toEqual([...EVENT_TYPES].sort());
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(STORE_EVENTS.filter((event) => typeof event.applyAtHq !== 'function').map((e) => e.type)).toEqual(
      [],
    );
    expect(EVENT_TYPES).toEqual([
      'register.opened',
      'register.closed',
      'sale.created',
      'sale.voided',
      'refund.created',
      'stock.adjusted',
      'transfer.step',
      'purchase_order.received',
    ]);
  });

  it('knows no other type', () => {
    expect(storeEventOf('sale.refunded')).toBeUndefined();
    expect(storeEventOf('toString')).toBeUndefined();
  });
});

/** The VALIDATION message a value gets against a shape ('' when it passes). */
function refusal(value: unknown, s: Parameters<typeof checkShape>[1]): string {
  try {
    checkShape(value, s, 'payload');
    return '';
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    expect(err.code).toBe('VALIDATION');
    return err.message;
  }
}

describe('the payload shape checker', () => {
  const LINE = shape({ id: 'uuid', quantity: 'quantity', kind: oneOf({ A: 'A', B: 'B' }) });
  const SHAPE = shape({
    id: 'uuid',
    note: 'string?',
    ref: 'uuid?',
    name: 'string',
    amount: 'money',
    change: 'int',
    count: 'count',
    paid: 'bool',
    at: 'date',
    report: 'object',
    lines: list(LINE, 2),
  });
  const ID = '01900000-0000-7000-8000-000000000001';
  const good = () => ({
    id: ID,
    note: null,
    ref: null,
    name: 'x',
    amount: 100,
    change: -5,
    count: 0,
    paid: true,
    at: '2026-05-01T12:00:00.000Z',
    report: {},
    lines: [{ id: ID, quantity: 1000, kind: 'A' }],
  });

  it('accepts a well-formed payload, nulls in the nullable kinds', () => {
    expect(refusal(good(), SHAPE)).toBe('');
    expect(refusal({ ...good(), note: 'n', ref: ID }, SHAPE)).toBe('');
  });

  it.each([
    ['not an object', 'payload: must be an object', () => [1]],
    ['a missing uuid', 'payload.id: must be a UUID', () => ({ ...good(), id: undefined })],
    ['a malformed uuid', 'payload.ref: must be a UUID', () => ({ ...good(), ref: 'abc' })],
    ['a null string', 'payload.name: must be a string', () => ({ ...good(), name: null })],
    ['a fraction', 'payload.amount: must be an integer', () => ({ ...good(), amount: 1.5 })],
    ['a figure as a string', 'payload.change: must be an integer', () => ({ ...good(), change: '5' })],
    [
      'money past its bound',
      'payload.amount: must be an integer from -100000000000 to 100000000000',
      () => ({ ...good(), amount: 100_000_000_001 }),
    ],
    [
      'a negative count',
      'payload.count: must be an integer from 0 to 2147483647',
      () => ({ ...good(), count: -1 }),
    ],
    [
      'an unsafe int',
      `payload.change: must be an integer from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
      () => ({ ...good(), change: 2 ** 53 }),
    ],
    ['a boolean as a string', 'payload.paid: must be true or false', () => ({ ...good(), paid: 'true' })],
    ['a bad date', 'payload.at: must be an ISO date-time', () => ({ ...good(), at: 'yesterday' })],
    ['an array as object', 'payload.report: must be an object', () => ({ ...good(), report: [] })],
    ['a list that is not', 'payload.lines: must be an array', () => ({ ...good(), lines: {} })],
    [
      'a list too long',
      'payload.lines: must be an array of at most 2',
      () => ({ ...good(), lines: [1, 2, 3] }),
    ],
    ['a wrong element', 'payload.lines.0: must be an object', () => ({ ...good(), lines: ['x'] })],
    [
      'a wrong nested field',
      'payload.lines.0.quantity: must be an integer from -1000000000 to 1000000000',
      () => ({ ...good(), lines: [{ id: ID, quantity: 1_000_000_001, kind: 'A' }] }),
    ],
    [
      'a value not of the enum',
      'payload.lines.0.kind: must be one of A, B',
      () => ({ ...good(), lines: [{ id: ID, quantity: 1, kind: 'C' }] }),
    ],
  ])('refuses %s', (_what, message, value) => {
    expect(refusal(value(), SHAPE)).toBe(message);
  });

  it("names the real events' fields as before", () => {
    const sale = storeEventOf('sale.created')!;
    expect(refusal({ storeId: ID }, sale.shape)).toBe('payload.id: must be a UUID');
    const adjusted = storeEventOf('stock.adjusted')!;
    expect(refusal({ id: ID, storeId: ID, productId: ID, quantity: 1, reason: 'LOST' }, adjusted.shape)).toBe(
      'payload.reason: must be one of PHYSICAL_COUNT, RECEIVED, DAMAGED, THEFT, EXPIRED, RETURN_TO_SUPPLIER, OTHER',
    );
  });
});

// The payload types are inferred from the shapes: these fail `tsc` (which checks tests) when they drift.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

type Sale = PayloadOf<typeof saleCreated>;
assertType<Equal<Sale['salesRepId'], string | null>>();
assertType<Equal<Sale['subtotal'], number>>();
assertType<Equal<Sale['items'][number]['priceSource'], 'SPECIAL' | 'STORE_PRICE' | 'PRODUCT'>>();
assertType<Equal<Sale['items'][number]['taxes'][number]['isCompound'], boolean>>();
assertType<
  Equal<Sale['payments'], Array<{ id: string; method: string; amount: number; reference: string | null }>>
>();
assertType<Equal<PayloadOf<typeof saleVoided>['movements'][number]['userId'], string | null>>();
assertType<Equal<PayloadOf<typeof stockAdjusted>['notes'], string | null>>();
const _SHAPE_FOR_TYPES = shape({ report: 'object', at: 'date', n: 'count', tags: list({ t: 'string' }, 3) });
assertType<
  Equal<
    Infer<typeof _SHAPE_FOR_TYPES>,
    { report: Record<string, unknown>; at: string; n: number; tags: Array<{ t: string }> }
  >
>();
