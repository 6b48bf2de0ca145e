import {
  Entity,
  Index,
  ManyToOne,
  OptionalProps,
  Property,
  Unique,
  type Opt,
  type Ref,
} from '@mikro-orm/core';
import { Extensions, Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { Product } from './product.entity.js';
import { Supplier } from './supplier.entity.js';
import { SafeInt } from './safe-int.js';

/** Who supplies a product, under which code and at what cost. At most one preferred supplier per product. */
@ObjectType({ description: 'A supplier of a product, with its code and cost.' })
@Entity({ tableName: 'product_supplier' })
@Unique({ name: 'product_supplier_unique', properties: ['product', 'supplier'] })
@Index({
  name: 'product_supplier_preferred_unique',
  expression:
    'create unique index "product_supplier_preferred_unique" on "product_supplier" ("product_id") where "is_preferred"',
})
export class ProductSupplier extends BaseEntity {
  [OptionalProps]?: 'productId' | 'supplierId';

  @ManyToOne(() => Product, { ref: true, deleteRule: 'cascade' })
  product!: Ref<Product>;

  @Index({ name: 'product_supplier_supplier_idx' })
  @ManyToOne(() => Supplier, { ref: true, deleteRule: 'restrict' })
  supplier!: Ref<Supplier>;

  @Field(() => ID, { description: 'The product.' })
  get productId(): string {
    return this.product.id;
  }

  @Field(() => ID, { description: 'The supplier.' })
  get supplierId(): string {
    return this.supplier.id;
  }

  @Field(() => String, { nullable: true, description: "The supplier's code for the product." })
  @Property({ type: 'string', length: 64, nullable: true })
  supplierSku: string | null = null;

  @Field(() => SafeInt, {
    nullable: true,
    description:
      "This supplier's cost price in cents; null when unknown, or unless the caller holds products.view_cost.",
  })
  @Extensions({ visibleWith: 'products.view_cost' })
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  costPrice: number | null = null;

  @Field(() => Boolean, { description: 'The preferred supplier of the product (at most one).' })
  @Property({ type: 'boolean', default: false })
  isPreferred: Opt<boolean> = false;
}
