import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Product } from '../../entities/product.entity.js';
import type { ChangeKind } from '../../services/events.js';
import { PageOf } from '../page.js';

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
export class ProductChange {
  @Field(() => ChangeKindEnum, { description: 'What happened.' })
  kind!: ChangeKind;

  @Field(() => Product, { description: 'The product as it is now.' })
  product!: Product;
}
