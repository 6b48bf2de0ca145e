import { IsBoolean, IsOptional, Length } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { TimeZone, UUID } from '../scalars.js';
import { Code, NotBlank, OptionalNotNull, Phone } from '../validators.js';

@ArgsType()
export class StoreListArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) stores.' })
  isActive?: boolean;
}

/** Fields shared by create and update; on update every field is optional. */
@ArgsType()
class StoreFields {
  @Field(() => String, { nullable: true, description: 'Postal address; null clears it.' })
  @IsOptional()
  @Length(1, 500)
  address?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number (digits, spaces, + - ( ) .; at most 40 characters); null clears it.',
  })
  @IsOptional()
  @Phone()
  phone?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Active flag (default true). Stores are never deleted: false closes a store.',
  })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

@ArgsType()
export class CreateStoreArgs extends StoreFields {
  @Field(() => String, {
    description:
      'Short code (letters, digits, dash, underscore), stored upper-case; unique, cannot change later.',
  })
  @Code(20)
  code!: string;

  @Field(() => String, { description: 'Display name.' })
  @NotBlank(100)
  name!: string;

  @Field(() => TimeZone, {
    description: 'IANA time zone (e.g. Europe/London), stored in canonical spelling.',
  })
  timezone!: string;
}

@ArgsType()
export class UpdateStoreArgs extends StoreFields {
  @Field(() => UUID, { description: 'Store to update.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Accepted only when unchanged (compared upper-case): the code is immutable.',
  })
  @OptionalNotNull()
  @Length(1, 20)
  code?: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @OptionalNotNull()
  @NotBlank(100)
  name?: string;

  @Field(() => TimeZone, { nullable: true, description: 'New IANA time zone.' })
  @OptionalNotNull()
  timezone?: string;
}
