import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Product } from '../../entities/product.entity.js';
import { PriceSource } from '../../entities/sale-item.entity.js';
import type { ProductAtStore, ProductSnapshot } from '../../services/catalog/index.js';
import type { ChangeKind, ProductChangeEvent } from '../../services/events/index.js';
import { PageOf } from '../page.js';
import { LocalDate, SafeInt } from '../scalars.js';
import { AppliedTaxRate } from './tax.types.js';

export const ProductPage = PageOf(Product, 'Product');

export enum ChangeKindEnum {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DELETED = 'DELETED',
}
registerEnumType(ChangeKindEnum, {
  name: 'ChangeKind',
  description: 'What happened to a record.',
  valuesConfig: {
    CREATED: { description: 'The record was created.' },
    UPDATED: { description: 'The record changed.' },
    DELETED: { description: 'The record was deleted or deactivated.' },
  },
});

@ObjectType({ description: 'A product was created, changed or deactivated.' })
export class ProductChange implements ProductChangeEvent {
  @Field(() => ChangeKindEnum, { description: 'What happened.' })
  kind!: ChangeKind;

  @Field(() => Product, { description: 'The product as it is now.' })
  product!: Product;
}

/**
 * A product as a till rings it up at a store (`product`, `productByBarcode`): the price to charge and
 * why, and the rates it is charged, read with the product in one statement. Lists answer `Product`.
 */
@ObjectType({
  description: 'A product priced at a store: the price a till charges, and the tax rates in order.',
})
export class ProductDetail extends Product implements Omit<ProductAtStore, keyof ProductSnapshot> {
  @Field(() => ID, {
    nullable: true,
    description:
      "The store it is priced at: the one asked for, else the caller's; null: none (the chain's price).",
  })
  storeId!: string | null;

  @Field(() => SafeInt, {
    description: 'The price a line of it must be charged there today, in cents: a till never charges more.',
  })
  effectivePrice!: number;

  @Field(() => PriceSource, {
    description: "Where effectivePrice comes from: a special, the store's own price, else the product's.",
  })
  priceSource!: `${PriceSource}`;

  @Field(() => ID, { nullable: true, description: 'The special that sets effectivePrice, if one does.' })
  specialId!: string | null;

  @Field(() => LocalDate, { nullable: true, description: "The special's last day (the store's day)." })
  specialEndDate!: string | null;

  @Field(() => [AppliedTaxRate], {
    description: 'Live, active rates of the product tax group, in the order they apply; empty without one.',
  })
  taxRates!: AppliedTaxRate[];
}
