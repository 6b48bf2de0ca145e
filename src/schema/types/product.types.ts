import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Product } from '../../entities/product.entity.js';
import type { ChangeKind, ProductChangeEvent } from '../../services/events/index.js';
import { PageOf } from '../page.js';
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
 * `Query.product` only: the product with the rates it is charged. A separate type so that lists and the
 * barcode scan (the till's hot path) never resolve tax rates.
 */
@ObjectType({ description: 'A product with the tax rates that apply to it.' })
export class ProductDetail extends Product {
  @Field(() => [AppliedTaxRate], {
    description: 'Live, active rates of the product tax group, in the order they apply; empty without one.',
  })
  taxRates!: AppliedTaxRate[];
}
