import { Collection, Entity, Index, OneToMany, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { TaxGroupRate } from './tax-group-rate.entity.js';

/**
 * A named set of tax rates applied to products (e.g. "Standard": state + county). Its rates are part of
 * the group: they are replaced together and synced with it. Deleted groups are kept as tombstones.
 */
@ObjectType({ description: 'A named set of tax rates applied to a product.' })
@Entity({ tableName: 'tax_group' })
@Index({
  name: 'tax_group_name_unique',
  expression:
    'create unique index "tax_group_name_unique" on "tax_group" ("name") where "deleted_at" is null',
})
export class TaxGroup extends BaseEntity {
  @Field(() => String, { description: 'Display name, unique among tax groups.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @OneToMany(() => TaxGroupRate, (r) => r.taxGroup, { orderBy: { sortOrder: 'asc' } })
  rates = new Collection<TaxGroupRate>(this);

  /** Soft delete: kept for history and sync tombstones; hidden from every list. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
