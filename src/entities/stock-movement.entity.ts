import {
  Entity,
  Enum,
  Index,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  type Opt,
  type Ref,
} from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';
import { Product } from './product.entity.js';
import { Store } from './store.entity.js';
import { User } from './user.entity.js';
import { SafeInt } from './safe-int.js';

/** Why a stock level changed. */
export enum StockMovementType {
  SALE = 'SALE',
  VOID = 'VOID',
  RETURN = 'RETURN',
  RETURN_DAMAGED = 'RETURN_DAMAGED',
  ADJUSTMENT = 'ADJUSTMENT',
  TRANSFER_OUT = 'TRANSFER_OUT',
  TRANSFER_IN = 'TRANSFER_IN',
  TRANSFER_RETURN = 'TRANSFER_RETURN',
  PO_RECEIPT = 'PO_RECEIPT',
}
registerEnumType(StockMovementType, {
  name: 'StockMovementType',
  description: 'What moved the stock.',
  valuesConfig: {
    SALE: { description: 'Sold (negative).' },
    VOID: { description: 'A voided sale put back (positive).' },
    RETURN: { description: 'Goods a refund took back (positive).' },
    RETURN_DAMAGED: {
      description:
        'Refunded goods that came back damaged, written off as they came in (negative, after their RETURN): shrinkage.',
    },
    ADJUSTMENT: { description: 'A manual adjustment or physical count; see the reason.' },
    TRANSFER_OUT: { description: 'Sent to another store (negative).' },
    TRANSFER_IN: { description: 'Received from another store (positive).' },
    TRANSFER_RETURN: {
      description: 'Sent to another store, back at the source after the transfer was cancelled (positive).',
    },
    PO_RECEIPT: { description: 'Received against a purchase order (positive).' },
  },
});

/** Why stock was adjusted by hand. */
export enum AdjustmentReason {
  PHYSICAL_COUNT = 'PHYSICAL_COUNT',
  RECEIVED = 'RECEIVED',
  DAMAGED = 'DAMAGED',
  THEFT = 'THEFT',
  EXPIRED = 'EXPIRED',
  RETURN_TO_SUPPLIER = 'RETURN_TO_SUPPLIER',
  OTHER = 'OTHER',
}
registerEnumType(AdjustmentReason, {
  name: 'AdjustmentReason',
  description: 'Why stock was adjusted by hand.',
  valuesConfig: {
    PHYSICAL_COUNT: { description: 'A count of the shelf replaced the level.' },
    RECEIVED: { description: 'Goods received without a purchase order.' },
    DAMAGED: { description: 'Damaged and written off.' },
    THEFT: { description: 'Stolen or missing.' },
    EXPIRED: { description: 'Past its date and written off.' },
    RETURN_TO_SUPPLIER: { description: 'Sent back to the supplier.' },
    OTHER: { description: 'Anything else (say what in the notes).' },
  },
});

/**
 * One change of a stock level: the ledger. Rows are only ever inserted (by `moveStock`, in the same
 * transaction as the level change), so the level always equals the sum of its movements. Not a synced
 * master-data row: no version, never updated.
 */
@ObjectType({
  description: 'One change of the stock of a product at a store. Quantities in thousandths of a unit.',
})
@Entity({ tableName: 'stock_movement' })
@Index({ name: 'stock_movement_store_product_idx', properties: ['store', 'product', 'createdAt'] })
export class StockMovement {
  [OptionalProps]?: 'storeId' | 'productId' | 'userId';

  @Field(() => ID, { description: 'Identifier (UUID v7).' })
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Store, { ref: true, deleteRule: 'restrict' })
  store!: Ref<Store>;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @Field(() => ID, { description: 'The store.' })
  get storeId(): string {
    return this.store.id;
  }

  @Field(() => ID, { description: 'The product.' })
  get productId(): string {
    return this.product.id;
  }

  @Field(() => SafeInt, {
    description: 'Signed change in thousandths of a unit (negative: stock went out).',
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  quantity!: number;

  @Field(() => StockMovementType, { description: 'What moved the stock.' })
  @Enum({ items: () => StockMovementType, type: 'string' })
  type!: StockMovementType;

  @Field(() => AdjustmentReason, { nullable: true, description: 'Why, for adjustments; null otherwise.' })
  @Enum({ items: () => AdjustmentReason, type: 'string', nullable: true })
  reason: AdjustmentReason | null = null;

  @Field(() => SafeInt, {
    description: 'The stock level right after this movement, in thousandths of a unit.',
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  quantityAfter!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'The sale, transfer or purchase order that caused it; null for adjustments.',
  })
  @Index({ name: 'stock_movement_reference_idx' })
  @Property({ type: 'uuid', nullable: true })
  referenceId: string | null = null;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'restrict' })
  user: Ref<User> | null = null;

  @Field(() => ID, { nullable: true, description: 'Who moved it; null for system work.' })
  get userId(): string | null {
    return this.user?.id ?? null;
  }

  @Field(() => String, { nullable: true, description: 'Free text.' })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  @Property({ type: 'timestamptz' })
  createdAt: Opt<Date> = new Date();
}
