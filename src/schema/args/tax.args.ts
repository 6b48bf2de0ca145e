import { ArrayMaxSize, IsBoolean, IsInt, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { MAX_TAX_RATE } from '../../services/pricing/index.js';
import { UUID } from '../scalars.js';
import { NotBlank, OptionalNotNull, Rate } from '../validators.js';

/** More rates than any real jurisdiction stacks on one product; keeps the row locks of a save small. */
const MAX_GROUP_RATES = 20;

@ArgsType()
export class TaxRateListArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) rates.' })
  isActive?: boolean;
}

@ArgsType()
export class CreateTaxRateArgs {
  @Field(() => String, { description: 'Display name, unique among tax rates.' })
  @NotBlank(100)
  name!: string;

  @Field(() => Int, { description: `Rate in basis points, 0 to ${MAX_TAX_RATE} (825 = 8.25 %).` })
  @Rate()
  rate!: number;

  @Field(() => Boolean, {
    description: 'Compound: charged on the net plus the taxes before it in the group.',
  })
  @IsBoolean()
  isCompound!: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Active flag (default true); inactive rates are not charged.',
  })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

@ArgsType()
export class UpdateTaxRateArgs {
  @Field(() => UUID, { description: 'Tax rate to update.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @OptionalNotNull()
  @NotBlank(100)
  name?: string;

  @Field(() => Int, { nullable: true, description: `New rate in basis points, 0 to ${MAX_TAX_RATE}.` })
  @OptionalNotNull()
  @Rate()
  rate?: number;

  @Field(() => Boolean, { nullable: true, description: 'New compound flag.' })
  @OptionalNotNull()
  @IsBoolean()
  isCompound?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'New active flag.' })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

@InputType({ description: 'A tax rate in a group and its position: rates apply in sortOrder.' })
export class TaxGroupRateInput {
  @Field(() => UUID, { description: 'The tax rate.' })
  taxRateId!: string;

  @Field(() => Int, {
    description: 'Position in the group, from 0, unique within it (compound taxes depend on the order).',
  })
  @IsInt()
  @Min(0)
  sortOrder!: number;
}

@ArgsType()
export class CreateTaxGroupArgs {
  @Field(() => String, { description: 'Display name, unique among tax groups.' })
  @NotBlank(100)
  name!: string;

  @Field(() => [TaxGroupRateInput], {
    description: 'The rates of the group; an empty list makes a zero-tax group (e.g. "Exempt").',
  })
  @ArrayMaxSize(MAX_GROUP_RATES)
  @ValidateNested({ each: true })
  rates!: TaxGroupRateInput[];
}

@ArgsType()
export class UpdateTaxGroupArgs {
  @Field(() => UUID, { description: 'Tax group to update.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @OptionalNotNull()
  @NotBlank(100)
  name?: string;

  @Field(() => [TaxGroupRateInput], {
    nullable: true,
    description: 'The complete new set of rates (replaces the current one).',
  })
  @OptionalNotNull()
  @ArrayMaxSize(MAX_GROUP_RATES)
  @ValidateNested({ each: true })
  rates?: TaxGroupRateInput[];
}
