import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { SalesRep } from '../entities/sales-rep.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as salesReps from '../services/people/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import { CreateSalesRepArgs, SalesRepListArgs, UpdateSalesRepArgs } from '../schema/args/sales-rep.args.js';
import { SalesRepPage } from '../schema/types/sales-rep.types.js';

@Resolver(() => SalesRep)
export class SalesRepResolver {
  @Allow('sales_reps.view')
  @Query(() => SalesRepPage, { description: 'Sales reps by code, searchable by code or name; paginated.' })
  salesReps(@Ctx() ctx: RequestContext, @Args() args: SalesRepListArgs): Promise<PageResult<SalesRep>> {
    return salesReps.listSalesReps(ctx, args);
  }

  @Allow('sales_reps.view')
  @Query(() => SalesRep, { description: 'One sales rep.' })
  salesRep(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<SalesRep> {
    return salesReps.getSalesRep(ctx, id);
  }

  @AllowChainWide('sales_reps.create')
  @Mutation(() => SalesRep, { description: 'Create a sales rep.' })
  createSalesRep(@Ctx() ctx: RequestContext, @Args() args: CreateSalesRepArgs): Promise<SalesRep> {
    return salesReps.createSalesRep(ctx, args);
  }

  @AllowChainWide('sales_reps.edit')
  @Mutation(() => SalesRep, { description: 'Update a sales rep (the code cannot change).' })
  updateSalesRep(
    @Ctx() ctx: RequestContext,
    @Args() { id, ...input }: UpdateSalesRepArgs,
  ): Promise<SalesRep> {
    return salesReps.updateSalesRep(ctx, id, input);
  }

  @AllowChainWide('sales_reps.edit')
  @Mutation(() => SalesRep, { description: 'Flip the active flag of a sales rep.' })
  toggleSalesRepActive(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<SalesRep> {
    return salesReps.toggleSalesRepActive(ctx, id);
  }

  @AllowChainWide('sales_reps.delete')
  @Mutation(() => SalesRep, {
    description: 'Soft-delete a sales rep: inactive, gone from lists and look-ups; the code stays taken.',
  })
  deleteSalesRep(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<SalesRep> {
    return salesReps.deleteSalesRep(ctx, id);
  }
}
