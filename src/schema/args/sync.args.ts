import { ArrayMaxSize, IsIn, IsInt, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, GraphQLISODateTime, InputType, Int } from 'type-graphql';
import { ENTITY_TYPES } from '../../sync/shared/protocol.js';
import { PageArgs } from '../page.js';
import { JSONObject, SafeInt, UUID } from '../scalars.js';
import { NotBlank } from '../validators.js';
import { CredentialArgs } from './auth.args.js';

/** Most changes one pull returns, and most events one push carries. */
export const MAX_PULL_LIMIT = 5000;
export const MAX_PUSH_EVENTS = 1000;

@ArgsType()
export class SyncPullArgs {
  @Field(() => String, { nullable: true, description: 'Cursor of the previous page; none on first contact.' })
  @IsOptional()
  @Length(1, 200)
  cursor?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Most changes to return (default 1000, at most ${MAX_PULL_LIMIT}).`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PULL_LIMIT)
  limit?: number | null;

  @Field(() => String, {
    nullable: true,
    description: `Only this kind of master data (${ENTITY_TYPES.join(', ')}).`,
  })
  @IsOptional()
  @IsIn(ENTITY_TYPES, { message: `entityType must be one of ${ENTITY_TYPES.join(', ')}` })
  entityType?: string | null;
}

@InputType({ description: 'One store transaction, as the store recorded it in its outbox.' })
export class SyncEventInput {
  @Field(() => SafeInt, { description: 'Position in the store’s gapless sequence, from 1.' })
  @IsInt()
  @Min(1)
  seq!: number;

  @Field(() => UUID, { description: 'Identifier of the event, unique across the chain.' })
  eventId!: string;

  @Field(() => String, { description: 'What happened: sale.created, sale.voided, register.opened, ...' })
  @NotBlank(40)
  type!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it happened, by the store’s clock.' })
  occurredAt!: Date;

  @Field(() => JSONObject, { description: 'What happened, as the event type describes it.' })
  payload!: Record<string, unknown>;
}

@ArgsType()
export class SyncPushArgs {
  @Field(() => [SyncEventInput], { description: `Events in seq order (at most ${MAX_PUSH_EVENTS}).` })
  @ArrayMaxSize(MAX_PUSH_EVENTS)
  @ValidateNested({ each: true })
  events!: SyncEventInput[];
}

@ArgsType()
export class SyncErrorListArgs extends PageArgs {
  @Field(() => UUID, { nullable: true, description: 'Only this store’s errors.' })
  storeId?: string | null;

  @Field(() => String, { nullable: true, description: 'open (default), applied, resolved or all.' })
  @IsOptional()
  @IsIn(['open', 'applied', 'resolved', 'all'], { message: 'status must be open, applied, resolved or all' })
  status?: string | null;
}

@ArgsType()
export class SyncErrorIdArgs {
  @Field(() => UUID, { description: 'The sync error.' })
  id!: string;
}

@ArgsType()
export class ResolveSyncErrorArgs extends SyncErrorIdArgs {
  @Field(() => String, { nullable: true, description: 'Why it needs no retry (kept with the error).' })
  @IsOptional()
  @Length(0, 1000)
  note?: string | null;
}

@ArgsType()
export class RetryAllSyncErrorsArgs {
  @Field(() => UUID, {
    nullable: true,
    description: 'Only this store’s open errors; all stores when absent.',
  })
  storeId?: string | null;
}

@ArgsType()
export class StoreIdArgs {
  @Field(() => UUID, { description: 'The store.' })
  id!: string;
}

@ArgsType()
export class SyncSubscriptionArgs {
  @Field(() => UUID, { nullable: true, description: 'Only this store; every store when absent.' })
  storeId?: string | null;
}

/** A credential a store server cannot check itself, as HQ is asked to. */
@ArgsType()
export class StoreSignInArgs extends CredentialArgs {}
