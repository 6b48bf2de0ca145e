import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageOf } from '../page.js';
import { JSONObject, SafeInt } from '../scalars.js';
import type { SyncErrorRecord, SyncRetryReport } from '../../sync/hq/errors.service.js';
import type { StoreSyncHealth, StoreSyncLink, SyncStatusReport } from '../../sync/hq/status.service.js';
import type { IssuedSyncToken } from '../../sync/hq/token.service.js';
import type {
  EntityType,
  PulledChange,
  PullPage,
  PushEventResult,
  PushResult,
} from '../../sync/shared/protocol.js';

/** What happened to a pushed event (lowercase, as the sync protocol spells it). */
export enum SyncEventStatus {
  applied = 'applied',
  duplicate = 'duplicate',
  parked = 'parked',
}
registerEnumType(SyncEventStatus, {
  name: 'SyncEventStatus',
  description: 'What HQ did with a pushed event.',
  valuesConfig: {
    applied: { description: 'Applied now.' },
    duplicate: { description: 'Already received (same seq and eventId): nothing done.' },
    parked: { description: 'Failed to apply: kept as a sync error; the sequence still advanced.' },
  },
});

@ObjectType({ description: 'A changed master-data row: its current state, or a tombstone.' })
export class SyncChange implements PulledChange {
  @Field(() => String, { description: 'Kind of master data (product, tax_group, store_price, ...).' })
  entityType!: EntityType;

  @Field(() => ID, { description: 'The row’s id.' })
  id!: string;

  @Field(() => String, { description: 'upsert (data is the row now) or delete (a tombstone).' })
  op!: PulledChange['op'];

  @Field(() => JSONObject, { nullable: true, description: 'The row as HQ holds it (snake_case columns).' })
  data!: Record<string, unknown> | null;
}

@ObjectType({ description: 'One page of changes for a store.' })
export class SyncPullPage implements PullPage {
  @Field(() => [SyncChange], { description: 'Changes in the order they are to be applied.' })
  changes!: SyncChange[];

  @Field(() => String, { description: 'Send it back to get the next page (opaque).' })
  cursor!: string;

  @Field(() => Boolean, { description: 'More changes are ready now.' })
  hasMore!: boolean;

  @Field(() => Boolean, {
    description:
      'Changes for this store exist but a transaction still running at HQ holds them back: ask again shortly.',
  })
  waiting!: boolean;

  @Field(() => SafeInt, {
    nullable: true,
    description:
      'The first page of a first contact only: about how many rows the store is to receive (an upper bound), for its progress.',
  })
  estimatedRows?: number | null;
}

@ObjectType({ description: 'What HQ did with one pushed event.' })
export class SyncEventResult implements PushEventResult {
  @Field(() => SafeInt, { description: 'The event’s seq.' })
  seq!: number;

  @Field(() => SyncEventStatus, { description: 'applied, duplicate or parked.' })
  status!: SyncEventStatus;

  @Field(() => ID, { nullable: true, description: 'The sync error of a parked event.' })
  errorId?: string | null;
}

@ObjectType({ description: 'The answer to a push.' })
export class SyncPushResult implements PushResult {
  @Field(() => SafeInt, { description: 'Every event up to this seq is safely at HQ.' })
  ackedThroughSeq!: number;

  @Field(() => [SyncEventResult], { description: 'One result per event sent, in order.' })
  results!: SyncEventResult[];
}

@ObjectType({ description: 'A new sync token: shown once, HQ keeps only its hash.' })
export class SyncToken implements IssuedSyncToken {
  @Field(() => String, { description: 'Give it to the store server as SYNC_TOKEN.' })
  token!: string;

  @Field(() => ID, { description: 'The store it identifies.' })
  storeId!: string;

  @Field(() => String, { description: 'The store’s code.' })
  storeCode!: string;
}

@ObjectType({ description: 'A credential HQ checked for a store server: whose it is.' })
export class StoreSignIn {
  @Field(() => ID, { description: 'The user the credential belongs to; the store issues its own session.' })
  userId!: string;
}

@ObjectType({ description: 'A store’s sync state, as HQ sees it (for the store server itself).' })
export class SyncStatus implements SyncStatusReport {
  @Field(() => ID, { description: 'The store this sync token identifies.' })
  storeId!: string;

  @Field(() => String, { description: 'Its code.' })
  storeCode!: string;

  @Field(() => String, { description: 'Its name.' })
  storeName!: string;

  @Field(() => String, {
    description:
      'Key of this store’s own PIN digests (derived from HQ’s, useless at any other store), so that PIN sign-in works at the store offline.',
  })
  pinKey!: string;

  @Field(() => SafeInt, { description: 'Every event up to this seq is safely at HQ.' })
  ackedThroughSeq!: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last pull.' })
  lastPullAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last push.' })
  lastPushAt!: Date | null;

  @Field(() => Int, { description: 'Changes waiting for this store after its last cursor.' })
  cursorLag!: number;

  @Field(() => Int, { description: 'This store’s parked events not yet retried or resolved.' })
  parkedErrors!: number;

  @Field(() => GraphQLISODateTime, { description: 'HQ’s clock now.' })
  serverTime!: Date;
}

@ObjectType({ description: 'One store’s sync health, for the HQ dashboard.' })
export class StoreSyncOverview implements StoreSyncHealth {
  @Field(() => ID, { description: 'The store.' })
  storeId!: string;

  @Field(() => String, { description: 'Its code.' })
  storeCode!: string;

  @Field(() => String, { description: 'Its name.' })
  storeName!: string;

  @Field(() => Boolean, { description: 'A sync token has been issued.' })
  provisioned!: boolean;

  @Field(() => Boolean, { description: 'Its store server holds a sync WebSocket to HQ now.' })
  connected!: boolean;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Last time the store server was heard from.',
  })
  lastSeenAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last pull.' })
  lastPullAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last push.' })
  lastPushAt!: Date | null;

  @Field(() => SafeInt, { description: 'Every event up to this seq is at HQ.' })
  ackedThroughSeq!: number;

  @Field(() => Int, { description: 'Master-data changes the store has not pulled yet.' })
  cursorLag!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Events waiting in the store’s outbox, as it last reported.',
  })
  pendingEvents!: number | null;

  @Field(() => Int, { description: 'Parked events not yet retried or resolved.' })
  parkedErrors!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Store clock minus HQ clock in milliseconds, as last measured (positive: the store is ahead).',
  })
  clockSkewMs!: number | null;
}

@ObjectType({ description: 'A store event HQ could not apply, kept for retry or resolution.' })
export class SyncError implements SyncErrorRecord {
  @Field(() => ID, { description: 'Identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The store that pushed it.' })
  storeId!: string;

  @Field(() => SafeInt, { description: 'Its seq in that store’s sequence.' })
  seq!: number;

  @Field(() => ID, { description: 'The event’s id.' })
  eventId!: string;

  @Field(() => String, { description: 'Event type.' })
  type!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it happened at the store.' })
  occurredAt!: Date;

  @Field(() => JSONObject, { description: 'The event as pushed.' })
  payload!: Record<string, unknown>;

  @Field(() => String, { description: 'Error code of the last attempt (VALIDATION, UNPROCESSABLE, ...).' })
  code!: string;

  @Field(() => String, { description: 'What went wrong on the last attempt.' })
  message!: string;

  @Field(() => Int, { description: 'Attempts so far, the first included.' })
  attempts!: number;

  @Field(() => String, { description: 'open, applied (a retry succeeded) or resolved (closed by hand).' })
  status!: string;

  @Field(() => String, { nullable: true, description: 'Why it was resolved by hand.' })
  note!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was parked.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last change.' })
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was applied or resolved.' })
  resolvedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who retried it successfully or resolved it.' })
  resolvedById!: string | null;
}

export const SyncErrorPage = PageOf(SyncError, 'SyncError');

@ObjectType({ description: 'What a retry of every open error did.' })
export class SyncRetryAllResult implements SyncRetryReport {
  @Field(() => Int, { description: 'Open errors retried.' })
  retried!: number;

  @Field(() => Int, { description: 'Of those, applied now.' })
  applied!: number;

  @Field(() => Int, { description: 'Of those, still failing (still open).' })
  stillFailing!: number;
}

@ObjectType({ description: 'A store’s link to HQ, on the store dashboard.' })
export class StoreSyncSummary implements StoreSyncLink {
  @Field(() => Boolean, { description: 'The store has its own store server (a sync token was issued).' })
  provisioned!: boolean;

  @Field(() => Boolean, { description: 'Its store server holds the sync socket to HQ now.' })
  connected!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last pull of master data.' })
  lastPullAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last push of store transactions.' })
  lastPushAt!: Date | null;

  @Field(() => SafeInt, { description: 'Every store event up to this seq is at HQ.' })
  ackedThroughSeq!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Events not at HQ yet (on HQ: as the store last reported; null when it never did).',
  })
  pendingEvents!: number | null;

  @Field(() => Int, { nullable: true, description: 'Events HQ parked (null on a store server: HQ knows).' })
  parkedErrors!: number | null;
}
