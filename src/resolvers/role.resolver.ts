import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../entities/role.entity.js';
import type { RequestContext } from '../services/core/index.js';
import * as roles from '../services/people/index.js';
import { Allow } from '../schema/allow.js';
import { CreateRoleArgs, SetRolePermissionsArgs, UpdateRoleArgs } from '../schema/args/role.args.js';
import { PermissionInfo } from '../schema/types/auth.types.js';

@Resolver(() => Role)
export class RoleResolver {
  @Allow('roles.view')
  @Query(() => [Role], { description: 'All roles, by name.' })
  roles(@Ctx() ctx: RequestContext): Promise<Role[]> {
    return roles.listRoles(ctx);
  }

  @Allow('roles.view')
  @Query(() => [PermissionInfo], { description: 'Every permission the server knows, with a description.' })
  permissions(): PermissionInfo[] {
    return roles.listPermissions();
  }

  @Allow('roles.manage')
  @Mutation(() => Role, { description: 'Create a role.' })
  createRole(@Ctx() ctx: RequestContext, @Args() args: CreateRoleArgs): Promise<Role> {
    return roles.createRole(ctx, args);
  }

  @Allow('roles.manage')
  @Mutation(() => Role, { description: 'Update a role.' })
  updateRole(@Ctx() ctx: RequestContext, @Args() { id, ...input }: UpdateRoleArgs): Promise<Role> {
    return roles.updateRole(ctx, id, input);
  }

  @Allow('roles.manage')
  @Mutation(() => Role, { description: "Replace a role's permission set." })
  setRolePermissions(
    @Ctx() ctx: RequestContext,
    @Args() { id, permissions }: SetRolePermissionsArgs,
  ): Promise<Role> {
    return roles.setRolePermissions(ctx, id, permissions);
  }
}
