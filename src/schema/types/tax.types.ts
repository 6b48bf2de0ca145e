import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { GroupedTaxRate, ProductTaxRate } from '../../services/pricing/index.js';

@ObjectType({ description: 'A tax rate in a group, at its position: rates apply in sortOrder.' })
export class TaxGroupMember implements GroupedTaxRate {
  @Field(() => ID, { description: 'The tax rate.' })
  taxRateId!: string;

  @Field(() => String, { description: 'Name of the tax rate.' })
  name!: string;

  @Field(() => Int, { description: 'Rate in basis points (825 = 8.25 %).' })
  rate!: number;

  @Field(() => Boolean, {
    description: 'Compound: charged on the net plus the taxes before it in the group.',
  })
  isCompound!: boolean;

  @Field(() => Int, { description: 'Position in the group; rates apply in ascending order.' })
  sortOrder!: number;
}

@ObjectType({ description: 'A tax rate that applies to a product, at its position in the tax group.' })
export class AppliedTaxRate implements ProductTaxRate {
  @Field(() => ID, { description: 'The tax rate.' })
  id!: string;

  @Field(() => String, { description: 'Name of the tax rate.' })
  name!: string;

  @Field(() => Int, { description: 'Rate in basis points (825 = 8.25 %).' })
  rate!: number;

  @Field(() => Boolean, {
    description: 'Compound: charged on the net plus the taxes before it.',
  })
  isCompound!: boolean;

  @Field(() => Int, { description: 'Position in the tax group; rates apply in ascending order.' })
  sortOrder!: number;
}
