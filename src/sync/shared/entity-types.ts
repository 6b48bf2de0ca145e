import { ENTITY_TYPES, type EntityType } from './protocol.js';

/** A master-data row a pulled row references: the column holding its id and its kind. */
export interface ParentRef {
  column: string;
  type: EntityType;
}

/** How one kind of master data is stored, the same on HQ and on a store server (same migrations). */
export interface EntityTypeInfo {
  type: EntityType;
  /** Position in ENTITY_TYPES: parents always rank before the rows that reference them. */
  rank: number;
  table: string;
  /** Column restricting rows to one store (the store pulls only its own); none: every store gets them. */
  scope?: string;
  /** Master-data rows each row references (nullable columns allowed). */
  parents: ParentRef[];
  /**
   * What a store receives of a row, as SQL over the row `t`, when it is not the whole row: every `?` is
   * the pulling store's id. None: `row_to_json(t)`.
   */
  rowJson?: string;
  /** A child table without its own id, sent inside its parent's `data` (tax group rates). */
  children?: { table: string; key: string; field: string; parents: ParentRef[]; orderBy: string };
}

const DEFINITIONS: Record<EntityType, Omit<EntityTypeInfo, 'type' | 'rank'>> = {
  store: { table: 'store', parents: [] },
  department: { table: 'department', parents: [] },
  tax_rate: { table: 'tax_rate', parents: [] },
  tax_group: {
    table: 'tax_group',
    parents: [],
    // A group's rates travel in `data.rates`; a change to them is logged as a change of the group.
    children: {
      table: 'tax_group_rate',
      key: 'tax_group_id',
      field: 'rates',
      parents: [{ column: 'tax_rate_id', type: 'tax_rate' }],
      orderBy: 'sort_order, tax_rate_id',
    },
  },
  supplier: { table: 'supplier', parents: [] },
  tender: { table: 'tender', parents: [] },
  product: {
    table: 'product',
    parents: [
      { column: 'department_id', type: 'department' },
      { column: 'tax_group_id', type: 'tax_group' },
    ],
  },
  product_supplier: {
    table: 'product_supplier',
    parents: [
      { column: 'product_id', type: 'product' },
      { column: 'supplier_id', type: 'supplier' },
    ],
  },
  role: { table: 'role', parents: [] },
  user: {
    table: 'app_user',
    parents: [],
    // A store authenticates its own staff offline: those who hold a role at that very store get their PIN
    // hash and their PIN digest under the store's own key. Nobody else's PIN material, and never a
    // password hash, leaves HQ (a user with only chain-wide roles signs in at a store through HQ). Role
    // changes are logged as changes of their user, so this follows them.
    rowJson: `(to_jsonb(t) - 'password_hash' - 'pin_digests' - 'pin_hash' - 'pin_digest')
      || case when exists (select 1 from user_role ur where ur.user_id = t.id and ur.store_id = cast(? as uuid))
           then jsonb_build_object('pin_hash', t.pin_hash, 'pin_digest', t.pin_digests ->> cast(? as text))
           else '{}'::jsonb end`,
  },
  user_role: {
    table: 'user_role',
    parents: [
      { column: 'user_id', type: 'user' },
      { column: 'role_id', type: 'role' },
      { column: 'store_id', type: 'store' },
    ],
  },
  customer: { table: 'customer', parents: [] },
  sales_rep: { table: 'sales_rep', parents: [] },
  special: { table: 'special', parents: [{ column: 'product_id', type: 'product' }] },
  store_price: {
    table: 'store_price',
    scope: 'store_id',
    parents: [
      { column: 'product_id', type: 'product' },
      { column: 'store_id', type: 'store' },
    ],
  },
};

/** Every kind of master data with its table, scope and parents, by name. */
export const ENTITY_INFO: Readonly<Record<EntityType, EntityTypeInfo>> = Object.fromEntries(
  ENTITY_TYPES.map((type, rank) => [type, { type, rank, ...DEFINITIONS[type] }]),
) as Record<EntityType, EntityTypeInfo>;

/** The kinds whose rows reference `type` (derived from the parents lists). */
export function childTypesOf(type: EntityType): EntityType[] {
  return ENTITY_TYPES.filter(
    (t) =>
      ENTITY_INFO[t].parents.some((p) => p.type === type) ||
      (ENTITY_INFO[t].children?.parents.some((p) => p.type === type) ?? false),
  );
}

/** Kinds whose changes affect who may sign in and with which permissions (cached sessions). */
export const AUTH_TYPES: ReadonlySet<EntityType> = new Set<EntityType>([
  'user',
  'role',
  'user_role',
  'store',
]);
