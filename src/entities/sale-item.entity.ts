import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, type Ref } from '@mikro-orm/core';
import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { Product } from './product.entity.js';
import type { Sale } from './sale.entity.js';
import { SaleItemTax } from './sale-item-tax.entity.js';
import { User } from './user.entity.js';
import { Special } from './special.entity.js';
import { SafeInt } from './safe-int.js';

export enum PriceSource {
  SPECIAL = 'SPECIAL',
  STORE_PRICE = 'STORE_PRICE',
  PRODUCT = 'PRODUCT',
}

registerEnumType(PriceSource, {
  name: 'PriceSource',
  description: 'Where the effective price of a product at a store came from.',
  valuesConfig: {
    SPECIAL: { description: 'A special active that day.' },
    STORE_PRICE: { description: "The store's price override." },
    PRODUCT: { description: "The product's own sell price." },
  },
});

export enum RefundDisposition {
  RESTOCK = 'RESTOCK',
  DAMAGED = 'DAMAGED',
  NO_RESTOCK = 'NO_RESTOCK',
}

registerEnumType(RefundDisposition, {
  name: 'RefundDisposition',
  description: 'What happens to goods that come back with a refund.',
  valuesConfig: {
    RESTOCK: { description: 'Back on the shelf: on hand again (movement RETURN).' },
    DAMAGED: {
      description:
        'Came back damaged: received and written off at once (movements RETURN and RETURN_DAMAGED), never on hand; counts as shrinkage.',
    },
    NO_RESTOCK: {
      description: 'Not taken back into stock (kept by the customer, thrown away): no movement.',
    },
  },
});

/**
 * One line of a sale, with the figures the tax engine computed. `effectivePrice` is what the product
 * sold for at that store and moment; a `unitPrice` below it is a price override (discount analysis).
 */
@ObjectType({ description: 'A sale line. Money in cents, quantity in thousandths.' })
@Entity({ tableName: 'sale_item' })
@Index({ name: 'sale_item_product_idx', properties: ['productId'] })
export class SaleItem extends BaseEntity {
  @ManyToOne(() => 'Sale', { ref: true, deleteRule: 'cascade' })
  sale!: Ref<Sale>;

  /** Not a foreign key, like `Sale.refundOfId`: the line refunded may be another store's. */
  @Field(() => ID, { nullable: true, description: 'For a refund line: the sale line it refunds.' })
  @Property({ type: 'uuid', nullable: true })
  refundOfItemId: string | null = null;

  @Field(() => RefundDisposition, {
    nullable: true,
    description: 'For a refund line: what happened to the goods (null for a sale line).',
  })
  @Enum({ items: () => RefundDisposition, nativeEnumName: 'refund_disposition', nullable: true })
  disposition: RefundDisposition | null = null;

  @Field(() => Int, { description: 'Position on the receipt, from 1.' })
  @Property({ type: 'integer' })
  lineNumber!: number;

  @Field(() => ID, { description: 'The product.' })
  @ManyToOne(() => Product, { mapToPk: true, fieldName: 'product_id', deleteRule: 'restrict' })
  productId!: string;

  @Field(() => String, { description: "The product's SKU when sold." })
  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Field(() => String, { description: "The product's name when sold." })
  @Property({ type: 'string', length: 200 })
  productName!: string;

  @Field(() => SafeInt, {
    description: 'Quantity in thousandths of a unit (2000 = 2); negative on a refund.',
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  quantity!: number;

  @Field(() => SafeInt, { description: 'Price charged per unit, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  unitPrice!: number;

  @Field(() => SafeInt, {
    description:
      'The price the product sold for at that store and moment, in cents (special, store price or product price).',
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  effectivePrice!: number;

  @Field(() => PriceSource, { description: 'Where effectivePrice came from.' })
  @Enum({ items: () => PriceSource, nativeEnumName: 'price_source' })
  priceSource!: PriceSource;

  @Field(() => ID, { nullable: true, description: 'The special that set effectivePrice, if any.' })
  @ManyToOne(() => Special, {
    mapToPk: true,
    fieldName: 'special_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  specialId: string | null = null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Who rang up the line below effectivePrice or with a discount (null for a line at its price).',
  })
  @ManyToOne(() => User, {
    mapToPk: true,
    fieldName: 'override_requested_by_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  overrideRequestedById: string | null = null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Whose permission let that override through: the same user, or the manager who approved it with their PIN.',
  })
  @ManyToOne(() => User, {
    mapToPk: true,
    fieldName: 'override_approved_by_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  overrideApprovedById: string | null = null;

  @Field(() => SafeInt, {
    nullable: true,
    description:
      'Unit cost when sold, in cents (for margins); null unless the caller holds products.view_cost.',
  })
  @Extensions({ visibleWith: 'products.view_cost' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  unitCost!: number;

  @Field(() => SafeInt, {
    description:
      "round(unitPrice × quantity / 1000), in cents; on a refund, its share of the sale line's (net + discount).",
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  extendedAmount!: number;

  @Field(() => SafeInt, { description: 'Discount on this line, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  discountAmount!: number;

  @Field(() => SafeInt, { description: 'Sum of the rates applied, in basis points (informational).' })
  @Property({ type: 'integer' })
  taxRate!: number;

  @Field(() => SafeInt, { description: 'Sum of the line taxes, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  taxAmount!: number;

  @Field(() => SafeInt, { description: 'extendedAmount − discountAmount + taxAmount, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  lineTotal!: number;

  @Field(() => [SaleItemTax], { description: 'The taxes charged on this line, in the order applied.' })
  @OneToMany(() => SaleItemTax, (tax) => tax.saleItem, { orderBy: { sortOrder: 'asc', taxRateId: 'asc' } })
  taxes = new Collection<SaleItemTax>(this);
}
