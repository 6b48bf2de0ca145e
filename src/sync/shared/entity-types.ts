/**
 * The synced tables: every kind of HQ master data a store pulls, declared once. From this list follow
 * `ENTITY_TYPES` (its order is the rank: parents first), what the pull reads of each table, and the
 * change-log triggers (`src/migrations/support/change-log.ts` generates them; a test compares them with
 * the database's).
 */

/** A master-data row a pulled row references: the column holding its id and its kind. */
export interface ParentRef<T extends string = EntityType> {
  column: string;
  type: T;
}

/** One synced table as declared below (parents named by kind, checked against the order at load). */
interface SyncedTable {
  type: string;
  table: string;
  /**
   * Columns naming the stores that receive a row (a change is logged once per store named; a store pulls
   * a row when any of them is its own). None: every store gets the rows.
   */
  scope?: readonly string[];
  /** Master-data rows each row references (nullable columns allowed). */
  parents?: readonly ParentRef<string>[];
  /**
   * What a store receives of a row, as SQL over the row `t`, when it is not the whole row: every `?` is
   * the pulling store's id. None: `row_to_json(t)`.
   */
  rowJson?: string;
  /**
   * A child table without its own id, sent inside its parent's `data` (tax group rates); a write to it is
   * logged as an upsert of the parent named by `key`.
   */
  children?: {
    table: string;
    key: string;
    field: string;
    parents: readonly ParentRef<string>[];
    orderBy: string;
    /**
     * Written only together with its parent row (a transfer's lines with the transfer's status and
     * version): the parent's own change carries it, so the child table gets no trigger of its own.
     */
    withParent?: true;
  };
  /** Other tables whose writes change what a store receives of a row: logged as upserts of the row `column` names. */
  alsoLoggedFrom?: ReadonlyArray<{ table: string; column: string }>;
  /** Changes decide who may sign in and with which permissions: a store drops its cached sessions. */
  signIn?: true;
}

const SYNCED_TABLES = [
  { type: 'store', table: 'store', signIn: true },
  { type: 'department', table: 'department' },
  { type: 'tax_rate', table: 'tax_rate' },
  {
    type: 'tax_group',
    table: 'tax_group',
    // A group's rates travel in `data.rates`; a change to them is logged as a change of the group.
    children: {
      table: 'tax_group_rate',
      key: 'tax_group_id',
      field: 'rates',
      parents: [{ column: 'tax_rate_id', type: 'tax_rate' }],
      orderBy: 'sort_order, tax_rate_id',
    },
  },
  { type: 'supplier', table: 'supplier' },
  { type: 'tender', table: 'tender' },
  {
    type: 'product',
    table: 'product',
    parents: [
      { column: 'department_id', type: 'department' },
      { column: 'tax_group_id', type: 'tax_group' },
    ],
  },
  {
    type: 'product_supplier',
    table: 'product_supplier',
    parents: [
      { column: 'product_id', type: 'product' },
      { column: 'supplier_id', type: 'supplier' },
    ],
  },
  { type: 'role', table: 'role', signIn: true },
  {
    type: 'user',
    table: 'app_user',
    signIn: true,
    // A store authenticates its own staff offline: those who hold a role at that very store get their PIN
    // hash and their PIN digest under the store's own key. Nobody else's PIN material, and never a
    // password hash, leaves HQ (a user with only chain-wide roles signs in at a store through HQ). Role
    // changes are logged as changes of their user, so this follows them.
    rowJson: `(to_jsonb(t) - 'password_hash' - 'pin_digests' - 'pin_hash' - 'pin_digest')
      || case when exists (select 1 from user_role ur where ur.user_id = t.id and ur.store_id = cast(? as uuid))
           then jsonb_build_object('pin_hash', t.pin_hash, 'pin_digest', t.pin_digests ->> cast(? as text))
           else '{}'::jsonb end`,
    alsoLoggedFrom: [{ table: 'user_role', column: 'user_id' }],
  },
  {
    type: 'user_role',
    table: 'user_role',
    signIn: true,
    parents: [
      { column: 'user_id', type: 'user' },
      { column: 'role_id', type: 'role' },
      { column: 'store_id', type: 'store' },
    ],
  },
  { type: 'customer', table: 'customer' },
  { type: 'sales_rep', table: 'sales_rep' },
  { type: 'special', table: 'special', parents: [{ column: 'product_id', type: 'product' }] },
  {
    type: 'store_price',
    table: 'store_price',
    scope: ['store_id'],
    parents: [
      { column: 'product_id', type: 'product' },
      { column: 'store_id', type: 'store' },
    ],
  },
  {
    // A transfer reaches both its stores; its lines travel in `data.items` and change only with it.
    type: 'transfer',
    table: 'transfer',
    scope: ['from_store_id', 'to_store_id'],
    parents: [
      { column: 'from_store_id', type: 'store' },
      { column: 'to_store_id', type: 'store' },
      { column: 'created_by_id', type: 'user' },
    ],
    children: {
      table: 'transfer_item',
      key: 'transfer_id',
      field: 'items',
      parents: [{ column: 'product_id', type: 'product' }],
      orderBy: 'line_number',
      withParent: true,
    },
  },
  {
    // Each store's steps, relayed to the other store (rows never change once made).
    type: 'transfer_step',
    table: 'transfer_step',
    scope: ['from_store_id', 'to_store_id'],
    parents: [
      { column: 'transfer_id', type: 'transfer' },
      { column: 'store_id', type: 'store' },
      { column: 'user_id', type: 'user' },
    ],
  },
  {
    // A purchase order reaches its store once it is sent (`sent_store_id` is null before: no store sees a
    // draft); its lines travel in `data.items` and change only with it.
    type: 'purchase_order',
    table: 'purchase_order',
    scope: ['sent_store_id'],
    parents: [
      { column: 'supplier_id', type: 'supplier' },
      { column: 'store_id', type: 'store' },
      { column: 'created_by_id', type: 'user' },
      { column: 'submitted_by_id', type: 'user' },
      { column: 'approved_by_id', type: 'user' },
      { column: 'sent_by_id', type: 'user' },
      { column: 'cancelled_by_id', type: 'user' },
    ],
    children: {
      table: 'purchase_order_item',
      key: 'purchase_order_id',
      field: 'items',
      parents: [{ column: 'product_id', type: 'product' }],
      orderBy: 'line_number',
      withParent: true,
    },
  },
  {
    // A store's receipts, made at the store and recorded at HQ (rows never change once made).
    type: 'purchase_order_receipt',
    table: 'purchase_order_receipt',
    scope: ['store_id'],
    parents: [
      { column: 'purchase_order_id', type: 'purchase_order' },
      { column: 'store_id', type: 'store' },
      { column: 'user_id', type: 'user' },
    ],
  },
] as const satisfies readonly SyncedTable[];

/** A kind of master data, by the name `entity_type` filters on. */
export type EntityType = (typeof SYNCED_TABLES)[number]['type'];

/** What a store pulls, in rank order: parents always rank before the rows that reference them. */
export const ENTITY_TYPES: readonly EntityType[] = SYNCED_TABLES.map((t) => t.type);

export function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value);
}

/** How one kind of master data is stored, the same on HQ and on a store server (same migrations). */
export interface EntityTypeInfo {
  type: EntityType;
  /** Position in ENTITY_TYPES. */
  rank: number;
  table: string;
  /** The store columns of a row (empty: every store gets it). */
  scope: readonly string[];
  parents: readonly ParentRef[];
  rowJson?: string;
  children?: Omit<NonNullable<SyncedTable['children']>, 'parents'> & { parents: readonly ParentRef[] };
  alsoLoggedFrom: ReadonlyArray<{ table: string; column: string }>;
}

/** The declarations, checked: every parent is declared earlier, every table once. */
function describe(): Record<EntityType, EntityTypeInfo> {
  const declared: readonly SyncedTable[] = SYNCED_TABLES;
  const info: Partial<Record<string, EntityTypeInfo>> = {};
  const tables = new Set<string>();
  declared.forEach((t, rank) => {
    const refs = [...(t.parents ?? []), ...(t.children?.parents ?? [])];
    for (const ref of refs) {
      if (!info[ref.type]) throw new Error(`sync: ${t.type} references ${ref.type}, declared after it`);
    }
    for (const table of [t.table, t.children?.table]) {
      if (table && tables.has(table)) throw new Error(`sync: table ${table} is declared twice`);
      if (table) tables.add(table);
    }
    info[t.type] = {
      type: t.type as EntityType,
      rank,
      table: t.table,
      scope: t.scope ?? [],
      rowJson: t.rowJson,
      parents: (t.parents ?? []) as readonly ParentRef[],
      children: t.children as EntityTypeInfo['children'],
      alsoLoggedFrom: t.alsoLoggedFrom ?? [],
    };
  });
  return info as Record<EntityType, EntityTypeInfo>;
}

/** Every kind of master data with its table, scope and parents, by name. */
export const ENTITY_INFO: Readonly<Record<EntityType, EntityTypeInfo>> = describe();

/** The kinds whose rows reference `type` (derived from the parents lists). */
export function childTypesOf(type: EntityType): EntityType[] {
  return ENTITY_TYPES.filter(
    (t) =>
      ENTITY_INFO[t].parents.some((p) => p.type === type) ||
      (ENTITY_INFO[t].children?.parents.some((p) => p.type === type) ?? false),
  );
}

/** Kinds whose changes affect who may sign in and with which permissions (cached sessions). */
export const AUTH_TYPES: ReadonlySet<EntityType> = new Set(
  (SYNCED_TABLES as readonly SyncedTable[]).filter((t) => t.signIn).map((t) => t.type as EntityType),
);
