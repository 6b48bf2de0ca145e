import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/**
 * One tax (e.g. State tax 6.25 %), in basis points. A compound tax is charged on the net plus the taxes
 * before it in its group. Deleted rates are kept as tombstones: history and sync refer to them.
 */
@ObjectType({ description: 'A tax rate in basis points (825 = 8.25 %).' })
@Entity({ tableName: 'tax_rate' })
@Index({
  name: 'tax_rate_name_unique',
  expression: 'create unique index "tax_rate_name_unique" on "tax_rate" ("name") where "deleted_at" is null',
})
export class TaxRate extends BaseEntity {
  @Field(() => String, { description: 'Display name, unique among tax rates.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => Int, { description: 'Rate in basis points, 0 to 100000 (825 = 8.25 %).' })
  @Property({ type: 'integer' })
  rate!: number;

  @Field(() => Boolean, {
    description: 'Compound: charged on the net plus the taxes before it in the group.',
  })
  @Property({ type: 'boolean', default: false })
  isCompound: Opt<boolean> = false;

  @Field(() => Boolean, { description: 'Inactive rates are not charged.' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  /** Soft delete: kept for history and sync tombstones; hidden from every list. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
