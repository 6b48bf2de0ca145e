import { ArgsType, Field } from 'type-graphql';
import { RegisterSessionStatus } from '../../entities/register-session.entity.js';
import { PageArgs } from '../page.js';
import { SafeInt, UUID } from '../scalars.js';
import { Money, NotBlank } from '../validators.js';

const STORE_DESCRIPTION =
  "The store: a store server's own store (may be omitted); on HQ any store, by default the caller's.";

@ArgsType()
export class OpenRegisterArgs {
  @Field(() => UUID, { nullable: true, description: STORE_DESCRIPTION })
  storeId?: string | null;

  @Field(() => String, { description: 'The terminal (till) to open.' })
  @NotBlank(40)
  terminalId!: string;

  @Field(() => SafeInt, { description: 'Cash in the drawer at opening (the float), in cents.' })
  @Money(0)
  openingAmount!: number;
}

@ArgsType()
export class CurrentRegisterArgs {
  @Field(() => String, { description: 'The terminal (till).' })
  @NotBlank(40)
  terminalId!: string;

  @Field(() => UUID, { nullable: true, description: STORE_DESCRIPTION })
  storeId?: string | null;
}

@ArgsType()
export class RegisterListArgs extends PageArgs {
  @Field(() => UUID, {
    nullable: true,
    description: "Only this store's sessions (REST: `store_id`); default the caller's store.",
  })
  storeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this terminal (REST: `terminal_id`).' })
  terminalId?: string | null;

  @Field(() => RegisterSessionStatus, { nullable: true, description: 'Only OPEN or only CLOSED sessions.' })
  status?: RegisterSessionStatus | null;
}

@ArgsType()
class DeclaredCashArgs {
  @Field(() => SafeInt, { description: 'Cash counted in the drawer, in cents.' })
  @Money(0)
  declaredCash!: number;
}

@ArgsType()
export class CloseRegisterArgs extends DeclaredCashArgs {
  @Field(() => UUID, { nullable: true, description: STORE_DESCRIPTION })
  storeId?: string | null;

  @Field(() => String, { description: 'The terminal whose open session to close.' })
  @NotBlank(40)
  terminalId!: string;
}

@ArgsType()
export class CloseRegisterSessionArgs extends DeclaredCashArgs {
  @Field(() => UUID, { description: 'The session to close.' })
  id!: string;
}

@ArgsType()
export class SessionReportArgs {
  @Field(() => UUID, { description: 'The register session (REST: `session_id`).' })
  sessionId!: string;
}
