import { IsBoolean, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { PageArgs } from '../page.js';
import { UUID } from '../scalars.js';
import { NotBlank, OptionalNotNull } from '../validators.js';

const PIN = /^\d{4,8}$/;

@InputType({ description: 'A role held at one store, or at every store when storeId is absent.' })
export class RoleAssignmentInput {
  @Field(() => UUID, { description: 'The role.' })
  roleId!: string;

  @Field(() => UUID, { nullable: true, description: 'The store; absent or null for all stores.' })
  storeId?: string | null;
}

@ArgsType()
export class UserListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Matches username or display name.' })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) users.' })
  isActive?: boolean;
}

@ArgsType()
export class StoreEmployeesArgs {
  @Field(() => UUID, { nullable: true, description: 'HQ: the store (defaults to the session store).' })
  storeId?: string;
}

@ArgsType()
class UserFields {
  @Field(() => String, { nullable: true, description: 'PIN, 4 to 8 digits, unique among users.' })
  @OptionalNotNull()
  @Matches(PIN, { message: 'pin must be 4 to 8 digits' })
  pin?: string;

  @Field(() => String, { nullable: true, description: 'Password, 8 to 128 characters.' })
  @OptionalNotNull()
  @Length(8, 128)
  password?: string;

  @Field(() => Boolean, { nullable: true, description: 'Active flag (default true).' })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;

  @Field(() => [RoleAssignmentInput], {
    nullable: true,
    description: 'Role assignments; replaces the current ones.',
  })
  @OptionalNotNull()
  @ValidateNested({ each: true })
  roles?: RoleAssignmentInput[];
}

@ArgsType()
export class CreateUserArgs extends UserFields {
  @Field(() => String, { description: 'Login name: 2 to 50 of a-z 0-9 . _ - (stored lower case).' })
  @Length(2, 50)
  username!: string;

  @Field(() => String, { description: 'Name shown on receipts and screens.' })
  @NotBlank(100)
  displayName!: string;
}

@ArgsType()
export class UpdateUserArgs extends UserFields {
  @Field(() => UUID, { description: 'User to update.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New login name.' })
  @OptionalNotNull()
  @Length(2, 50)
  username?: string;

  @Field(() => String, { nullable: true, description: 'New display name.' })
  @OptionalNotNull()
  @NotBlank(100)
  displayName?: string;
}
