import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import type { SaleItem } from './sale-item.entity.js';
import { TaxRate } from './tax-rate.entity.js';
import { SafeInt } from './safe-int.js';

/** One tax charged on one sale line: the stored truth that tax reports sum. */
@ObjectType({ description: 'A tax charged on a sale line, in cents.' })
@Entity({ tableName: 'sale_item_tax' })
@Index({ name: 'sale_item_tax_item_idx', properties: ['saleItem'] })
export class SaleItemTax extends BaseEntity {
  @ManyToOne(() => 'SaleItem', { ref: true, deleteRule: 'cascade' })
  saleItem!: Ref<SaleItem>;

  @Field(() => ID, { description: 'The tax rate.' })
  @ManyToOne(() => TaxRate, { mapToPk: true, fieldName: 'tax_rate_id', deleteRule: 'restrict' })
  taxRateId!: string;

  @Field(() => String, { description: "The rate's name when sold." })
  @Property({ type: 'string', length: 100 })
  taxRateName!: string;

  @Field(() => SafeInt, { description: 'Rate in basis points (825 = 8.25 %).' })
  @Property({ type: 'integer' })
  rate!: number;

  @Field(() => Boolean, { description: 'Whether it was charged on the net plus the earlier taxes.' })
  @Property({ type: 'boolean' })
  isCompound!: boolean;

  @Field(() => Int, { description: 'Position in the tax group.' })
  @Property({ type: 'integer' })
  sortOrder!: number;

  @Field(() => SafeInt, { description: 'The amount the rate applied to, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  taxableAmount!: number;

  @Field(() => SafeInt, { description: 'The tax, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  taxAmount!: number;
}
