import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Special } from '../entities/special.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as specials from '../services/pricing/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import {
  ActiveSpecialArgs,
  CreateSpecialArgs,
  SpecialListArgs,
  UpdateSpecialArgs,
} from '../schema/args/special.args.js';
import { SpecialPage } from '../schema/types/special.types.js';

@Resolver(() => Special)
export class SpecialResolver {
  @Allow('specials.view')
  @Query(() => SpecialPage, { description: 'Specials, latest start first; paginated.' })
  specials(@Ctx() ctx: RequestContext, @Args() args: SpecialListArgs): Promise<PageResult<Special>> {
    return specials.listSpecials(ctx, args);
  }

  @Allow('specials.view')
  @Query(() => SpecialPage, {
    description:
      "Specials in force today at a store (flag on, product active, today within the dates in the store's time zone); paginated.",
  })
  activeSpecials(@Ctx() ctx: RequestContext, @Args() args: ActiveSpecialArgs): Promise<PageResult<Special>> {
    return specials.listActiveSpecials(ctx, args);
  }

  @AllowChainWide('specials.manage')
  @Mutation(() => Special, { description: 'Create a special.' })
  createSpecial(@Ctx() ctx: RequestContext, @Args() args: CreateSpecialArgs): Promise<Special> {
    return specials.createSpecial(ctx, args);
  }

  @AllowChainWide('specials.manage')
  @Mutation(() => Special, { description: 'Update a special (the fields given).' })
  updateSpecial(@Ctx() ctx: RequestContext, @Args() { id, ...input }: UpdateSpecialArgs): Promise<Special> {
    return specials.updateSpecial(ctx, id, input);
  }

  @AllowChainWide('specials.manage')
  @Mutation(() => Special, {
    description: 'Delete a special; one that sales recorded as a price is only deactivated.',
  })
  deleteSpecial(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Special> {
    return specials.deleteSpecial(ctx, id);
  }
}
