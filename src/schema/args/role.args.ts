import { ArrayMaxSize, IsOptional, IsString, Length } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { UUID } from '../scalars.js';
import { NotBlank, OptionalNotNull } from '../validators.js';

@ArgsType()
export class CreateRoleArgs {
  @Field(() => String, { description: 'Unique name.' })
  @NotBlank(100)
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the role is for.' })
  @IsOptional()
  @Length(0, 500)
  description?: string | null;

  @Field(() => [String], { description: 'Permission strings from the catalogue.' })
  @IsString({ each: true })
  @ArrayMaxSize(200)
  permissions!: string[];
}

@ArgsType()
export class UpdateRoleArgs {
  @Field(() => UUID, { description: 'Role to update.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @OptionalNotNull()
  @NotBlank(100)
  name?: string;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  @IsOptional()
  @Length(0, 500)
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'New permission set (replaces the old one).' })
  @OptionalNotNull()
  @IsString({ each: true })
  @ArrayMaxSize(200)
  permissions?: string[];
}

@ArgsType()
export class SetRolePermissionsArgs {
  @Field(() => UUID, { description: 'Role to update.' })
  id!: string;

  @Field(() => [String], { description: 'The complete new permission set.' })
  @IsString({ each: true })
  @ArrayMaxSize(200)
  permissions!: string[];
}
