import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { TaxGroup } from '../entities/tax-group.entity.js';
import { TaxRate } from '../entities/tax-rate.entity.js';
import type { RequestContext } from '../services/core/index.js';
import * as taxes from '../services/pricing/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import {
  CreateTaxGroupArgs,
  CreateTaxRateArgs,
  TaxRateListArgs,
  UpdateTaxGroupArgs,
  UpdateTaxRateArgs,
} from '../schema/args/tax.args.js';
import { TaxGroupMember } from '../schema/types/tax.types.js';

@Resolver(() => TaxRate)
export class TaxRateResolver {
  @Allow('taxes.view')
  @Query(() => [TaxRate], { description: 'All tax rates, by name (not paginated: tills load them whole).' })
  taxRates(@Ctx() ctx: RequestContext, @Args() args: TaxRateListArgs): Promise<TaxRate[]> {
    return taxes.listTaxRates(ctx, args);
  }

  @AllowChainWide('taxes.manage')
  @Mutation(() => TaxRate, { description: 'Create a tax rate.' })
  createTaxRate(@Ctx() ctx: RequestContext, @Args() args: CreateTaxRateArgs): Promise<TaxRate> {
    return taxes.createTaxRate(ctx, args);
  }

  @AllowChainWide('taxes.manage')
  @Mutation(() => TaxRate, { description: 'Update a tax rate; it applies to later sales only.' })
  updateTaxRate(@Ctx() ctx: RequestContext, @Args() { id, ...input }: UpdateTaxRateArgs): Promise<TaxRate> {
    return taxes.updateTaxRate(ctx, id, input);
  }

  @AllowChainWide('taxes.manage')
  @Mutation(() => TaxRate, { description: 'Delete a tax rate that no tax group holds.' })
  deleteTaxRate(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<TaxRate> {
    return taxes.deleteTaxRate(ctx, id);
  }
}

@Resolver(() => TaxGroup)
export class TaxGroupResolver {
  @Allow('taxes.view')
  @Query(() => [TaxGroup], { description: 'All tax groups with their rates, by name (not paginated).' })
  taxGroups(@Ctx() ctx: RequestContext): Promise<TaxGroup[]> {
    return taxes.listTaxGroups(ctx);
  }

  @Allow('taxes.view')
  @Query(() => TaxGroup, { description: 'One tax group with its rates.' })
  taxGroup(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<TaxGroup> {
    return taxes.getTaxGroup(ctx, id);
  }

  @AllowChainWide('taxes.manage')
  @Mutation(() => TaxGroup, { description: 'Create a tax group with its rates.' })
  createTaxGroup(@Ctx() ctx: RequestContext, @Args() args: CreateTaxGroupArgs): Promise<TaxGroup> {
    return taxes.createTaxGroup(ctx, args);
  }

  @AllowChainWide('taxes.manage')
  @Mutation(() => TaxGroup, {
    description: 'Update a tax group; rates, when given, replace the current set.',
  })
  updateTaxGroup(
    @Ctx() ctx: RequestContext,
    @Args() { id, ...input }: UpdateTaxGroupArgs,
  ): Promise<TaxGroup> {
    return taxes.updateTaxGroup(ctx, id, input);
  }

  @AllowChainWide('taxes.manage')
  @Mutation(() => TaxGroup, { description: 'Delete a tax group that no product uses.' })
  deleteTaxGroup(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<TaxGroup> {
    return taxes.deleteTaxGroup(ctx, id);
  }

  @FieldResolver(() => [TaxGroupMember], { description: 'The rates of the group, in the order they apply.' })
  rates(@Root() group: TaxGroup): TaxGroupMember[] {
    return taxes.taxGroupMembers(group);
  }
}
