import { Entity, Index, ManyToOne, Property, type Ref, type Opt } from '@mikro-orm/core';
import { Extensions, Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { Department } from './department.entity.js';
import { TaxGroup } from './tax-group.entity.js';
import { SafeInt } from './safe-int.js';

/** Something a shop sells. Money in cents, thresholds in thousandths of a unit. */
@ObjectType({ description: 'A product. Prices in cents; quantities in thousandths of a unit.' })
@Entity({ tableName: 'product' })
// Substring search on name, SKU and barcode (pg_trgm; extension created by the migration).
@Index({
  name: 'product_search_trgm',
  expression:
    'create index "product_search_trgm" on "product" using gin ("name" gin_trgm_ops, "sku" gin_trgm_ops, "barcode" gin_trgm_ops)',
})
export class Product extends BaseEntity {
  @Field(() => String, { description: 'Stock-keeping unit: unique, fixed at creation.' })
  @Property({ type: 'string', length: 64, unique: 'product_sku_unique' })
  sku!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Barcode (EAN/UPC or in-store code), unique when present.',
  })
  @Property({ type: 'string', length: 64, nullable: true, unique: 'product_barcode_unique' })
  barcode: string | null = null;

  @Field(() => String, { description: 'Display name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Longer description.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Index({ name: 'product_department_idx' })
  @ManyToOne(() => Department, { ref: true, nullable: true, deleteRule: 'restrict' })
  department: Ref<Department> | null = null;

  @Index({ name: 'product_tax_group_idx' })
  @ManyToOne(() => TaxGroup, { ref: true, nullable: true, deleteRule: 'restrict' })
  taxGroup: Ref<TaxGroup> | null = null;

  @Field(() => ID, { nullable: true, description: 'Department, if any.' })
  get departmentId(): string | null {
    return this.department?.id ?? null;
  }

  @Field(() => ID, { nullable: true, description: 'Tax group whose rates apply to this product, if any.' })
  get taxGroupId(): string | null {
    return this.taxGroup?.id ?? null;
  }

  @Field(() => SafeInt, {
    nullable: true,
    description: 'Cost price in cents; null unless the caller holds products.view_cost.',
  })
  @Extensions({ visibleWith: 'products.view_cost' })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  costPrice: Opt<number> = 0;

  @Field(() => SafeInt, { description: 'Default sell price in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  sellPrice!: number;

  @Field(() => Boolean, { description: 'Whether sales and receipts move stock for this product.' })
  @Property({ type: 'boolean', default: true })
  trackStock: Opt<boolean> = true;

  @Field(() => SafeInt, {
    description: 'Low-stock threshold in thousandths; a level at or below it is low.',
  })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  lowStockThreshold: Opt<number> = 0;

  @Field(() => Boolean, { description: 'Inactive products cannot be sold; DELETE deactivates.' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;
}
