import {
  Reference,
  ReferenceKind,
  type EntityClass,
  type EntityManager,
  type EntityMetadata,
} from '@mikro-orm/core';

/**
 * Row JSON for one-statement writes (`jsonb_populate_record(null::table, ?)`): an entity's columns under
 * their column names, read from the entity's metadata. `jsonb_populate_record` writes NULL for a key
 * that is missing, never the column's default, so the keys must be every column: deriving them from the
 * metadata means a column added to the entity is written without a hand-kept list to forget.
 */

/** One column of a row: the property it comes from, and whether it holds a reference to another row. */
interface Column {
  property: string;
  column: string;
  /** Many-to-one: a reference (or entity) whose primary key is the column; a plain id when mapToPk. */
  reference: boolean;
}

/** Each entity's columns, worked out once per metadata (an ORM instance's), then only read. */
const PLANS = new WeakMap<EntityMetadata, Column[]>();

function planOf(meta: EntityMetadata): Column[] {
  let plan = PLANS.get(meta);
  if (!plan) {
    plan = meta.props
      .filter(
        (prop) =>
          (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE) &&
          prop.persist !== false &&
          !prop.formula &&
          prop.fieldNames?.length === 1,
      )
      .map((prop) => ({
        property: prop.name,
        column: prop.fieldNames[0],
        reference: prop.kind === ReferenceKind.MANY_TO_ONE,
      }));
    PLANS.set(meta, plan);
  }
  return plan;
}

/**
 * The row of `entity` as `jsonb_populate_record` takes it: every column of `Entity` (snake_case, as
 * the metadata names it) with the entity's value, null when unset. `parents` gives the id of a
 * many-to-one the entity does not hold itself (a line's sale, known to the writer), by property name.
 * Dates serialise as ISO strings, as JSON.stringify does. O(columns), no database access.
 */
export function rowOf<T extends object>(
  em: EntityManager,
  Entity: EntityClass<T>,
  entity: T,
  parents: Record<string, string> = {},
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const values = entity as Record<string, unknown>;
  for (const { property, column, reference } of planOf(em.getMetadata().get(Entity.name))) {
    let value = property in parents ? parents[property] : values[property];
    if (reference && value !== null && typeof value === 'object') {
      value = (Reference.unwrapReference(value) as { id?: unknown }).id;
    }
    row[column] = value ?? null;
  }
  return row;
}
