import { IsOptional } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { UUID } from '../scalars.js';
import { Code, NotBlank, OptionalNotNull } from '../validators.js';

@ArgsType()
export class CreateDepartmentArgs {
  @Field(() => String, { description: 'Display name.' })
  @NotBlank(100)
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Optional short code (letters, digits, dash, underscore).',
  })
  @IsOptional()
  @Code(30)
  code?: string | null;
}

@ArgsType()
export class UpdateDepartmentArgs {
  @Field(() => UUID, { description: 'Department to update.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @OptionalNotNull()
  @NotBlank(100)
  name?: string;

  @Field(() => String, { nullable: true, description: 'New code; null clears it.' })
  @IsOptional()
  @Code(30)
  code?: string | null;
}
