import { Entity, Index, ManyToOne, OptionalProps, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BaseEntity } from './base.entity.js';
import { Product } from './product.entity.js';
import { SafeInt } from './safe-int.js';

/**
 * A special price for a product between two dates, inclusive, read in each store's own time zone (from
 * the start of `startDate` to the end of `endDate` there). Active = flag on and today within the dates.
 */
@ObjectType({ description: 'A special price for a product over a range of dates.' })
@Entity({ tableName: 'special' })
@Index({ name: 'special_product_dates_idx', properties: ['product', 'startDate', 'endDate'] })
// "Active today" across products: the specials that have not ended yet, among the active ones.
@Index({
  name: 'special_active_dates_idx',
  expression:
    'create index "special_active_dates_idx" on "special" ("end_date", "start_date") where "is_active"',
})
export class Special extends BaseEntity {
  [OptionalProps]?: 'productId';

  @ManyToOne(() => Product, { ref: true, deleteRule: 'cascade' })
  product!: Ref<Product>;

  @Field(() => ID, { description: 'The product.' })
  get productId(): string {
    return this.product.id;
  }

  @Field(() => SafeInt, { description: 'Special price in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  specialPrice!: number;

  @Field(() => GraphQLLocalDate, { description: 'First day (YYYY-MM-DD), from the start of that day.' })
  @Property({ type: 'date', runtimeType: 'string' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day (YYYY-MM-DD), to the end of that day.' })
  @Property({ type: 'date', runtimeType: 'string' })
  endDate!: string;

  @Field(() => String, { nullable: true, description: 'Shown on receipts and shelf labels.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => Boolean, { description: 'Only active specials apply.' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;
}
