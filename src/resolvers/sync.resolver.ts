import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext, PageResult } from '../services/core/index.js';
import { AllowChainWide, HqOnly, SyncOnly } from '../schema/allow.js';
import {
  ResolveSyncErrorArgs,
  RetryAllSyncErrorsArgs,
  StoreIdArgs,
  StoreSignInArgs,
  SyncErrorIdArgs,
  SyncErrorListArgs,
  SyncPullArgs,
  SyncPushArgs,
  SyncSubscriptionArgs,
} from '../schema/args/sync.args.js';
import { StoreDayFigures } from '../schema/types/store.types.js';
import {
  StoreSignIn,
  StoreSyncOverview,
  StoreSyncSummary,
  SyncError,
  SyncErrorPage,
  SyncPullPage,
  SyncPushResult,
  SyncRetryAllResult,
  SyncStatus,
  SyncToken,
} from '../schema/types/sync.types.js';
import { verifyStoreSignIn } from '../services/auth/index.js';
import * as errors from '../sync/hq/errors.service.js';
import type { PushResult } from '../sync/shared/protocol.js';
import { pullChanges } from '../sync/hq/pull.service.js';
import { receivePush } from '../sync/hq/push.service.js';
import * as status from '../sync/hq/status.service.js';
import { issueSyncToken } from '../sync/hq/token.service.js';

/**
 * The sync hub (HQ only): store servers pull master data and push their transactions with their sync
 * token; back-office users watch and repair it.
 */
@Resolver()
export class SyncResolver {
  @AllowChainWide('stores.edit')
  @Mutation(() => SyncToken, {
    description: 'Issue a store’s sync token (shown once); any earlier token of that store stops working.',
  })
  issueSyncToken(@Ctx() ctx: RequestContext, @Args() { id }: StoreIdArgs): Promise<SyncToken> {
    return issueSyncToken(ctx, id);
  }

  @HqOnly()
  @SyncOnly()
  @Query(() => SyncPullPage, {
    description: 'Master-data changes for the calling store after a cursor; from the start without one.',
  })
  syncPull(@Ctx() ctx: RequestContext, @Args() args: SyncPullArgs): Promise<SyncPullPage> {
    return pullChanges(ctx, args);
  }

  @SyncOnly()
  @Mutation(() => SyncPushResult, {
    description:
      'Store transactions in seq order: each applied once, duplicates skipped, failures parked; a gap is a 409 with expectedSeq.',
  })
  syncPush(@Ctx() ctx: RequestContext, @Args() { events }: SyncPushArgs): Promise<PushResult> {
    return receivePush(ctx, events);
  }

  @HqOnly()
  @SyncOnly()
  @Mutation(() => StoreSignIn, {
    description:
      'A store server asks HQ to check a credential it holds no material for (a user whose roles are all chain-wide, or a password); the user must work at that store.',
  })
  verifyStoreSignIn(@Ctx() ctx: RequestContext, @Args() args: StoreSignInArgs): Promise<StoreSignIn> {
    return verifyStoreSignIn(ctx, args);
  }

  @HqOnly()
  @SyncOnly()
  @Query(() => SyncStatus, { description: 'The calling store’s identity and sync state, as HQ sees it.' })
  syncStatus(@Ctx() ctx: RequestContext): Promise<SyncStatus> {
    return status.syncStatus(ctx);
  }

  @HqOnly()
  @AllowChainWide('stores.view')
  @Query(() => [StoreSyncOverview], { description: 'Every store’s sync health.' })
  syncDashboard(@Ctx() ctx: RequestContext): Promise<StoreSyncOverview[]> {
    return status.syncDashboard(ctx);
  }

  @HqOnly()
  @AllowChainWide('stores.view')
  @Query(() => SyncErrorPage, { description: 'Parked store events, open ones by default.' })
  syncErrors(@Ctx() ctx: RequestContext, @Args() args: SyncErrorListArgs): Promise<PageResult<SyncError>> {
    return errors.listSyncErrors(ctx, args);
  }

  @AllowChainWide('stores.edit')
  @Mutation(() => SyncError, {
    description: 'Apply a parked event again (once); it stays open if it fails again.',
  })
  retrySyncError(@Ctx() ctx: RequestContext, @Args() { id }: SyncErrorIdArgs): Promise<SyncError> {
    return errors.retrySyncError(ctx, id);
  }

  @AllowChainWide('stores.edit')
  @Mutation(() => SyncError, { description: 'Close a parked event without applying it, with a note.' })
  resolveSyncError(
    @Ctx() ctx: RequestContext,
    @Args() { id, note }: ResolveSyncErrorArgs,
  ): Promise<SyncError> {
    return errors.resolveSyncError(ctx, id, note ?? null);
  }

  @AllowChainWide('stores.edit')
  @Mutation(() => SyncRetryAllResult, {
    description: 'Retry every open parked event, of one store or all, in seq order.',
  })
  retryAllSyncErrors(
    @Ctx() ctx: RequestContext,
    @Args() { storeId }: RetryAllSyncErrorsArgs,
  ): Promise<SyncRetryAllResult> {
    return errors.retryAllSyncErrors(ctx, storeId ?? null);
  }

  @HqOnly()
  @AllowChainWide('stores.view')
  @Subscription(() => StoreSyncOverview, {
    topics: 'SYNC_STATUS_CHANGED',
    filter: ({ payload, args }: { payload: { storeId: string }; args: SyncSubscriptionArgs }) =>
      !args.storeId || payload.storeId === args.storeId,
    description: 'A store’s sync health whenever it changes (pull, push, connection, parked error).',
  })
  syncStatusChanged(
    @Ctx() ctx: RequestContext,
    @Root() payload: { storeId: string },
    @Args() _args: SyncSubscriptionArgs,
  ): Promise<StoreSyncOverview> {
    return status.storeSyncOverview(ctx, payload.storeId);
  }

  @HqOnly()
  @AllowChainWide('stores.view')
  @Subscription(() => SyncError, {
    topics: 'SYNC_ERROR_RAISED',
    filter: ({ payload, args }: { payload: { storeId: string }; args: SyncSubscriptionArgs }) =>
      !args.storeId || payload.storeId === args.storeId,
    description: 'Store events as they are parked (or fail again on retry).',
  })
  syncErrorRaised(
    @Ctx() ctx: RequestContext,
    @Root() payload: { errorId: string },
    @Args() _args: SyncSubscriptionArgs,
  ): Promise<SyncError> {
    return errors.getSyncError(ctx, payload.errorId);
  }
}

/** The store dashboard's sync column: each store's link to HQ. */
@Resolver(() => StoreDayFigures)
export class StoreDashboardSyncResolver {
  @FieldResolver(() => StoreSyncSummary, {
    description: 'The store’s link to HQ: connected, last pull and push, backlog.',
  })
  sync(@Ctx() ctx: RequestContext, @Root() figures: StoreDayFigures): Promise<StoreSyncSummary> {
    return status.storeSyncSummary(ctx, figures.storeId);
  }
}
