import { IsBoolean, IsOptional, Length, MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../page.js';
import { EmailAddress, UUID } from '../scalars.js';
import { Code, NotBlank, OptionalNotNull, Phone } from '../validators.js';

@ArgsType()
export class SalesRepListArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Matches code, first name, last name or "first last" (case-insensitive, partial).',
  })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) reps.' })
  isActive?: boolean;
}

/** Fields shared by create and update; on update every field is optional. */
@ArgsType()
class SalesRepFields {
  @Field(() => String, {
    nullable: true,
    description: 'Phone: digits, spaces and + - ( ) ., at most 40 characters; null clears it.',
  })
  @IsOptional()
  @Phone()
  phone?: string | null;

  @Field(() => EmailAddress, {
    nullable: true,
    description: 'E-mail address (stored lower-case); null clears it.',
  })
  @IsOptional()
  @MaxLength(254)
  email?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Active flag (default true).' })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

@ArgsType()
export class CreateSalesRepArgs extends SalesRepFields {
  @Field(() => String, {
    description:
      'Code: 1 to 30 letters, digits, dash or underscore; stored upper-case, unique for ever, fixed.',
  })
  @Code(30)
  code!: string;

  @Field(() => String, { description: 'First name.' })
  @NotBlank(100)
  firstName!: string;

  @Field(() => String, { description: 'Last name.' })
  @NotBlank(100)
  lastName!: string;
}

@ArgsType()
export class UpdateSalesRepArgs extends SalesRepFields {
  @Field(() => UUID, { description: 'Sales rep to update.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Accepted only when unchanged (case-insensitively): the code is immutable.',
  })
  @OptionalNotNull()
  @Code(30)
  code?: string;

  @Field(() => String, { nullable: true, description: 'New first name.' })
  @OptionalNotNull()
  @NotBlank(100)
  firstName?: string;

  @Field(() => String, { nullable: true, description: 'New last name.' })
  @OptionalNotNull()
  @NotBlank(100)
  lastName?: string;
}
