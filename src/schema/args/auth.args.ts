import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { UUID } from '../scalars.js';
import { NotBlank, Pin } from '../validators.js';

/** The till signing in: its failed attempts count apart from the other tills'. */
const TerminalId = () => (target: object, key: string) => {
  Field(() => String, {
    nullable: true,
    description:
      'The terminal (till) signing in, named as in its register sessions: its failed attempts count apart from the other tills.',
  })(target, key);
  IsOptional()(target, key);
  NotBlank(40)(target, key);
};

/** A username with a PIN or a password (one of the two). */
@ArgsType()
export class CredentialArgs {
  @Field(() => String, { description: 'Login name.' })
  @Length(1, 50)
  username!: string;

  @Field(() => String, { nullable: true, description: 'PIN (4 to 8 digits); give a PIN or a password.' })
  @IsOptional()
  @Pin()
  pin?: string;

  @Field(() => String, { nullable: true, description: 'Password; give a PIN or a password.' })
  @IsOptional()
  @Length(1, 128)
  password?: string;
}

@ArgsType()
export class LoginArgs extends CredentialArgs {
  @Field(() => UUID, {
    nullable: true,
    description: 'HQ only: the store this session acts for (store servers use their own).',
  })
  storeId?: string;

  @TerminalId()
  terminalId?: string;
}

@ArgsType()
export class PinLoginArgs {
  @Field(() => String, { description: 'PIN (4 to 8 digits).' })
  @Pin()
  pin!: string;

  @TerminalId()
  terminalId?: string;
}

@ArgsType()
export class RefreshArgs {
  @Field(() => String, { description: 'The refresh token of the last login or refresh.' })
  @Length(1, 200)
  refreshToken!: string;
}

@ArgsType()
export class ChangeCredentialArgs {
  @Field(() => String, { nullable: true, description: 'Current PIN (or give currentPassword).' })
  @IsOptional()
  @Length(1, 128)
  currentPin?: string;

  @Field(() => String, { nullable: true, description: 'Current password (or give currentPin).' })
  @IsOptional()
  @Length(1, 128)
  currentPassword?: string;

  @Field(() => String, { nullable: true, description: 'New PIN, 4 to 8 digits.' })
  @IsOptional()
  @Pin()
  newPin?: string;

  @Field(() => String, { nullable: true, description: 'New password, 8 to 128 characters.' })
  @IsOptional()
  @Length(8, 128)
  newPassword?: string;
}
