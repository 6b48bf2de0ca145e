import { IsBoolean, IsOptional, Length, MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../page.js';
import { EmailAddress, UUID } from '../scalars.js';
import { NotBlank, OptionalNotNull, Phone } from '../validators.js';

@ArgsType()
export class SupplierListArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Matches name, contact name, e-mail or phone (case-insensitive, partial).',
  })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) suppliers.' })
  isActive?: boolean;
}

/** Fields shared by create and update; on update every field is optional. */
@ArgsType()
class SupplierFields {
  @Field(() => String, { nullable: true, description: 'Person to talk to; null clears it.' })
  @IsOptional()
  @NotBlank(100)
  contactName?: string | null;

  @Field(() => EmailAddress, { nullable: true, description: 'E-mail address; null clears it.' })
  @IsOptional()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number (digits, spaces, + - ( ) .; at most 40 characters); null clears it.',
  })
  @IsOptional()
  @Phone()
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address; null clears it.' })
  @IsOptional()
  @NotBlank(500)
  address?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Active flag (default true); inactive suppliers get no new purchase orders.',
  })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

@ArgsType()
export class CreateSupplierArgs extends SupplierFields {
  @Field(() => String, { description: 'Company name.' })
  @NotBlank(200)
  name!: string;
}

@ArgsType()
export class UpdateSupplierArgs extends SupplierFields {
  @Field(() => UUID, { description: 'Supplier to update.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New company name.' })
  @OptionalNotNull()
  @NotBlank(200)
  name?: string;
}
