import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Department } from '../entities/department.entity.js';
import type { RequestContext } from '../services/core/index.js';
import * as departments from '../services/catalog/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import { CreateDepartmentArgs, UpdateDepartmentArgs } from '../schema/args/department.args.js';

@Resolver(() => Department)
export class DepartmentResolver {
  @Allow('products.view')
  @Query(() => [Department], { description: 'All departments, by name.' })
  departments(@Ctx() ctx: RequestContext): Promise<Department[]> {
    return departments.listDepartments(ctx);
  }

  @AllowChainWide('products.create')
  @Mutation(() => Department, { description: 'Create a department.' })
  createDepartment(@Ctx() ctx: RequestContext, @Args() args: CreateDepartmentArgs): Promise<Department> {
    return departments.createDepartment(ctx, args);
  }

  @AllowChainWide('products.edit')
  @Mutation(() => Department, { description: 'Update a department.' })
  updateDepartment(
    @Ctx() ctx: RequestContext,
    @Args() { id, ...input }: UpdateDepartmentArgs,
  ): Promise<Department> {
    return departments.updateDepartment(ctx, id, input);
  }

  @AllowChainWide('products.delete')
  @Mutation(() => Department, { description: 'Delete a department that no product belongs to.' })
  deleteDepartment(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Department> {
    return departments.deleteDepartment(ctx, id);
  }
}
