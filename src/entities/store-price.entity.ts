import { Entity, Index, ManyToOne, OptionalProps, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { Product } from './product.entity.js';
import { Store } from './store.entity.js';
import { SafeInt } from './safe-int.js';

/** A store's own sell price for a product, overriding the product's price there (one per store and product). */
@ObjectType({ description: "A store's own sell price for a product." })
@Entity({ tableName: 'store_price' })
@Unique({ name: 'store_price_unique', properties: ['store', 'product'] })
export class StorePrice extends BaseEntity {
  [OptionalProps]?: 'storeId' | 'productId';

  @ManyToOne(() => Store, { ref: true, deleteRule: 'cascade' })
  store!: Ref<Store>;

  @Index({ name: 'store_price_product_idx' })
  @ManyToOne(() => Product, { ref: true, deleteRule: 'cascade' })
  product!: Ref<Product>;

  @Field(() => ID, { description: 'The store.' })
  get storeId(): string {
    return this.store.id;
  }

  @Field(() => ID, { description: 'The product.' })
  get productId(): string {
    return this.product.id;
  }

  // For display beside the price. The services load the product with every store price they return.
  @Field(() => String, { description: "The product's SKU." })
  get sku(): string {
    return this.product.getEntity().sku;
  }

  @Field(() => String, { description: "The product's name." })
  get productName(): string {
    return this.product.getEntity().name;
  }

  @Field(() => SafeInt, { description: 'Sell price at this store, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  sellPrice!: number;
}
