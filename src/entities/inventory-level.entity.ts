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
import { BaseEntity } from './base.entity.js';
import { Product } from './product.entity.js';
import { Store } from './store.entity.js';

/**
 * The stock of a product at a store, in thousandths of a unit (one row per store and product, created by
 * the first movement). May be negative: a till never stops selling. It always equals the sum of the
 * product's stock movements at the store; only `moveStock` changes it, with atomic SQL.
 */
@Entity({ tableName: 'inventory_level' })
@Unique({ name: 'inventory_level_unique', properties: ['store', 'product'] })
export class InventoryLevel extends BaseEntity {
  [OptionalProps]?: 'storeId' | 'productId';

  @ManyToOne(() => Store, { ref: true, deleteRule: 'restrict' })
  store!: Ref<Store>;

  // Cross-store look-ups go by product.
  @Index({ name: 'inventory_level_product_idx' })
  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  get storeId(): string {
    return this.store.id;
  }

  get productId(): string {
    return this.product.id;
  }

  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  quantity: Opt<number> = 0;
}
