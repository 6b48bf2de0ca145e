import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Tender } from '../entities/tender.entity.js';
import type { RequestContext } from '../services/core/index.js';
import * as tenders from '../services/catalog/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import { CreateTenderArgs, TenderListArgs, UpdateTenderArgs } from '../schema/args/tender.args.js';

@Resolver(() => Tender)
export class TenderResolver {
  @Allow('tenders.view')
  @Query(() => [Tender], {
    description: 'Live tenders (payment methods) in till order: sort order, then name.',
  })
  tenders(@Ctx() ctx: RequestContext, @Args() args: TenderListArgs): Promise<Tender[]> {
    return tenders.listTenders(ctx, args);
  }

  @AllowChainWide('tenders.manage')
  @Mutation(() => Tender, {
    description: 'Create a tender; its code can never be reused, even after a delete.',
  })
  createTender(@Ctx() ctx: RequestContext, @Args() args: CreateTenderArgs): Promise<Tender> {
    return tenders.createTender(ctx, args);
  }

  @AllowChainWide('tenders.manage')
  @Mutation(() => Tender, {
    description:
      'Update a tender (the code cannot change). The last active cash tender cannot be deactivated or made non-cash.',
  })
  updateTender(@Ctx() ctx: RequestContext, @Args() { id, ...input }: UpdateTenderArgs): Promise<Tender> {
    return tenders.updateTender(ctx, id, input);
  }

  @AllowChainWide('tenders.manage')
  @Mutation(() => Tender, {
    description:
      'Soft-delete a tender: it leaves every list and becomes inactive; the last active cash tender cannot be deleted.',
  })
  deleteTender(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Tender> {
    return tenders.deleteTender(ctx, id);
  }
}
