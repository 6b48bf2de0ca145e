import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Supplier } from '../entities/supplier.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as suppliers from '../services/catalog/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import { CreateSupplierArgs, SupplierListArgs, UpdateSupplierArgs } from '../schema/args/supplier.args.js';
import { SupplierPage } from '../schema/types/supplier.types.js';

@Resolver(() => Supplier)
export class SupplierResolver {
  @Allow('suppliers.view')
  @Query(() => SupplierPage, {
    description: 'Suppliers, searchable by name, contact, e-mail or phone; by name; paginated.',
  })
  suppliers(@Ctx() ctx: RequestContext, @Args() args: SupplierListArgs): Promise<PageResult<Supplier>> {
    return suppliers.listSuppliers(ctx, args);
  }

  @Allow('suppliers.view')
  @Query(() => Supplier, { description: 'One supplier.' })
  supplier(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Supplier> {
    return suppliers.getSupplier(ctx, id);
  }

  @AllowChainWide('suppliers.create')
  @Mutation(() => Supplier, { description: 'Create a supplier.' })
  createSupplier(@Ctx() ctx: RequestContext, @Args() args: CreateSupplierArgs): Promise<Supplier> {
    return suppliers.createSupplier(ctx, args);
  }

  @AllowChainWide('suppliers.edit')
  @Mutation(() => Supplier, { description: 'Update a supplier.' })
  updateSupplier(
    @Ctx() ctx: RequestContext,
    @Args() { id, ...input }: UpdateSupplierArgs,
  ): Promise<Supplier> {
    return suppliers.updateSupplier(ctx, id, input);
  }

  @AllowChainWide('suppliers.delete')
  @Mutation(() => Supplier, { description: 'Delete a supplier that no product is linked to.' })
  deleteSupplier(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Supplier> {
    return suppliers.deleteSupplier(ctx, id);
  }
}
