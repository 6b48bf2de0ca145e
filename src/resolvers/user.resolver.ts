import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../entities/user.entity.js';
import { UserRole } from '../entities/user-role.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as users from '../services/people/index.js';
import { Allow } from '../schema/allow.js';
import {
  CreateUserArgs,
  StoreEmployeesArgs,
  UpdateUserArgs,
  UserListArgs,
} from '../schema/args/user.args.js';
import { UserPage } from '../schema/types/user.types.js';

@Resolver(() => User)
export class UserResolver {
  @Allow('users.view')
  @Query(() => UserPage, { description: 'Users, searchable by username or display name; paginated.' })
  users(@Ctx() ctx: RequestContext, @Args() args: UserListArgs): Promise<PageResult<User>> {
    return users.listUsers(ctx, args);
  }

  @Allow()
  @Query(() => [User], { description: 'Active employees of the current store (the till cashier list).' })
  storeEmployees(@Ctx() ctx: RequestContext, @Args() { storeId }: StoreEmployeesArgs): Promise<User[]> {
    return users.listStoreEmployees(ctx, storeId);
  }

  @Allow('users.create')
  @Mutation(() => User, { description: 'Create a user with a PIN and/or password and roles.' })
  createUser(@Ctx() ctx: RequestContext, @Args() args: CreateUserArgs): Promise<User> {
    return users.createUser(ctx, args);
  }

  @Allow('users.edit')
  @Mutation(() => User, { description: 'Update a user; roles, when given, replace the current ones.' })
  updateUser(@Ctx() ctx: RequestContext, @Args() { id, ...input }: UpdateUserArgs): Promise<User> {
    return users.updateUser(ctx, id, input);
  }

  @FieldResolver(() => [UserRole], {
    description:
      'Roles held, per store or at all stores (to a store-level manager, those at its store or at all stores).',
  })
  async roles(@Root() user: User, @Ctx() ctx: RequestContext): Promise<UserRole[]> {
    const roles = user.roles.isInitialized() ? user.roles.getItems() : await user.roles.loadItems();
    return users.visibleRoles(ctx, user, roles);
  }
}
