import { IsBoolean, IsOptional, Length } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../page.js';
import { LocalDate, SafeInt, UUID } from '../scalars.js';
import { Money, OptionalNotNull, ShopDate } from '../validators.js';

@ArgsType()
export class SpecialListArgs extends PageArgs {
  @Field(() => UUID, { nullable: true, description: 'Only specials of this product.' })
  productId?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only specials whose flag is on (true) or off (false).',
  })
  isActive?: boolean;
}

@ArgsType()
export class ActiveSpecialArgs extends PageArgs {
  @Field(() => UUID, {
    nullable: true,
    description: "The store whose today counts (REST: `store_id`); default the caller's store, else UTC.",
  })
  storeId?: string;
}

/** Fields shared by create and update; on update every field is optional. */
@ArgsType()
class SpecialFields {
  @Field(() => String, {
    nullable: true,
    description: 'Shown on receipts and shelf labels; null clears it.',
  })
  @IsOptional()
  @Length(0, 200)
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only active specials apply (default true).' })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

@ArgsType()
export class CreateSpecialArgs extends SpecialFields {
  @Field(() => UUID, { description: 'The product on special.' })
  productId!: string;

  @Field(() => SafeInt, { description: 'Special price in cents.' })
  @Money(0)
  specialPrice!: number;

  @Field(() => LocalDate, { description: "First day (YYYY-MM-DD), from its start in the store's time zone." })
  @ShopDate()
  startDate!: string;

  @Field(() => LocalDate, {
    description: "Last day (YYYY-MM-DD), to its end in the store's time zone; not before startDate.",
  })
  @ShopDate()
  endDate!: string;
}

@ArgsType()
export class UpdateSpecialArgs extends SpecialFields {
  @Field(() => UUID, { description: 'Special to update.' })
  id!: string;

  @Field(() => UUID, { nullable: true, description: 'New product.' })
  @OptionalNotNull()
  productId?: string;

  @Field(() => SafeInt, { nullable: true, description: 'New special price in cents.' })
  @OptionalNotNull()
  @Money(0)
  specialPrice?: number;

  @Field(() => LocalDate, { nullable: true, description: 'New first day (YYYY-MM-DD).' })
  @OptionalNotNull()
  @ShopDate()
  startDate?: string;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'New last day (YYYY-MM-DD); not before the (new or kept) startDate.',
  })
  @OptionalNotNull()
  @ShopDate()
  endDate?: string;
}
