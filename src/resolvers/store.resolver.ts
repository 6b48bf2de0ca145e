import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Store } from '../entities/store.entity.js';
import type { RequestContext } from '../services/core/index.js';
import * as stores from '../services/stores/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import { CreateStoreArgs, StoreListArgs, UpdateStoreArgs } from '../schema/args/store.args.js';
import { StoreDayFigures } from '../schema/types/store.types.js';

@Resolver(() => Store)
export class StoreResolver {
  @Allow('stores.view')
  @Query(() => [Store], { description: 'Every store, active and inactive, by code (not paginated).' })
  stores(@Ctx() ctx: RequestContext, @Args() args: StoreListArgs): Promise<Store[]> {
    return stores.listStores(ctx, args);
  }

  @Allow()
  @Query(() => Store, {
    description:
      "The store this session acts for: a store server's own store, or the store an HQ user signed in for.",
  })
  currentStore(@Ctx() ctx: RequestContext): Promise<Store> {
    return stores.getCurrentStore(ctx);
  }

  @Allow('stores.view')
  @Query(() => [StoreDayFigures], {
    description:
      "Today's trading per store (sales count, revenue, tax, voids, open registers): every active store for a chain-wide viewer, else the caller's store.",
  })
  storeDashboard(@Ctx() ctx: RequestContext): Promise<StoreDayFigures[]> {
    return stores.storeDashboard(ctx);
  }

  @AllowChainWide('stores.create')
  @Mutation(() => Store, { description: 'Create a store.' })
  createStore(@Ctx() ctx: RequestContext, @Args() args: CreateStoreArgs): Promise<Store> {
    return stores.createStore(ctx, args);
  }

  @Allow('stores.edit')
  @Mutation(() => Store, {
    description:
      'Update a store (the code cannot change). Stores are never deleted, since their history must stay: ' +
      'set isActive to false to close one. A store server cannot deactivate its own store.',
  })
  updateStore(@Ctx() ctx: RequestContext, @Args() { id, ...input }: UpdateStoreArgs): Promise<Store> {
    return stores.updateStore(ctx, id, input);
  }
}
