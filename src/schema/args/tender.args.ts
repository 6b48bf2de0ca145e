import { IsBoolean, IsInt, Length, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { UUID } from '../scalars.js';
import { Code, NotBlank, OptionalNotNull } from '../validators.js';

@ArgsType()
export class TenderListArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) tenders.' })
  isActive?: boolean;
}

/** Fields shared by create and update; on update every field is optional. */
@ArgsType()
class TenderFields {
  @Field(() => Boolean, { nullable: true, description: 'Active flag (default true).' })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;

  @Field(() => Int, { nullable: true, description: 'Display order at the till, from 0 (default 0).' })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  sortOrder?: number;
}

@ArgsType()
export class CreateTenderArgs extends TenderFields {
  @Field(() => String, {
    description:
      'Code payments use (letters, digits, dash, underscore), stored upper-case; unique for ever, cannot change later.',
  })
  @Code(30)
  code!: string;

  @Field(() => String, { description: 'Display name.' })
  @NotBlank(100)
  name!: string;

  @Field(() => Boolean, {
    description: 'Whether this is cash: may overpay (change given), counts in the drawer.',
  })
  @IsBoolean()
  isCash!: boolean;
}

@ArgsType()
export class UpdateTenderArgs extends TenderFields {
  @Field(() => UUID, { description: 'Tender to update.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Accepted only when unchanged (compared upper-case): the code is immutable.',
  })
  @OptionalNotNull()
  @Length(1, 30)
  code?: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @OptionalNotNull()
  @NotBlank(100)
  name?: string;

  @Field(() => Boolean, { nullable: true, description: 'New cash flag.' })
  @OptionalNotNull()
  @IsBoolean()
  isCash?: boolean;
}
