import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../page.js';
import { SafeInt, UUID } from '../scalars.js';
import { Money } from '../validators.js';

@ArgsType()
export class StorePriceListArgs extends PageArgs {
  @Field(() => UUID, {
    nullable: true,
    description:
      "Only overrides at this store (REST: `store_id`); default the caller's store, else every store (which needs store_prices.view at every store).",
  })
  storeId?: string;

  @Field(() => UUID, {
    nullable: true,
    description: 'Only overrides of this product (REST: `product_id`).',
  })
  productId?: string;
}

@ArgsType()
export class SetStorePriceArgs {
  @Field(() => UUID, { description: 'The store whose price this is.' })
  storeId!: string;

  @Field(() => UUID, { description: 'The product priced.' })
  productId!: string;

  @Field(() => SafeInt, { description: 'Sell price at this store, in cents.' })
  @Money(0)
  sellPrice!: number;
}
