import { IsOptional, Length, MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../page.js';
import { EmailAddress, UUID } from '../scalars.js';
import { NotBlank, OptionalNotNull, Phone } from '../validators.js';

@ArgsType()
export class CustomerListArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Matches first name, last name, "first last", e-mail or phone (case-insensitive, partial).',
  })
  @IsOptional()
  @Length(1, 100)
  search?: string;
}

/** Fields shared by create and update; on update every field is optional. */
@ArgsType()
class CustomerFields {
  @Field(() => EmailAddress, {
    nullable: true,
    description: 'E-mail address (stored lower-case; not unique); null clears it.',
  })
  @IsOptional()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone: digits, spaces and + - ( ) ., at most 40 characters; null clears it.',
  })
  @IsOptional()
  @Phone()
  phone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Postal address, at most 500 characters; null clears it.',
  })
  @IsOptional()
  @Length(0, 500)
  address?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Free notes, at most 4000 characters; null clears them.',
  })
  @IsOptional()
  @Length(0, 4000)
  notes?: string | null;
}

@ArgsType()
export class CreateCustomerArgs extends CustomerFields {
  @Field(() => String, { description: 'First name.' })
  @NotBlank(100)
  firstName!: string;

  @Field(() => String, { description: 'Last name.' })
  @NotBlank(100)
  lastName!: string;
}

@ArgsType()
export class UpdateCustomerArgs extends CustomerFields {
  @Field(() => UUID, { description: 'Customer to update.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New first name.' })
  @OptionalNotNull()
  @NotBlank(100)
  firstName?: string;

  @Field(() => String, { nullable: true, description: 'New last name.' })
  @OptionalNotNull()
  @NotBlank(100)
  lastName?: string;
}
