import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Customer } from '../entities/customer.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as customers from '../services/people/index.js';
import { Allow } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import { CreateCustomerArgs, CustomerListArgs, UpdateCustomerArgs } from '../schema/args/customer.args.js';
import { CustomerPage } from '../schema/types/customer.types.js';

@Resolver(() => Customer)
export class CustomerResolver {
  @Allow('customers.view')
  @Query(() => CustomerPage, {
    description: 'Customers by last name, first name; searchable by name, e-mail or phone; paginated.',
  })
  customers(@Ctx() ctx: RequestContext, @Args() args: CustomerListArgs): Promise<PageResult<Customer>> {
    return customers.listCustomers(ctx, args);
  }

  @Allow('customers.view')
  @Query(() => Customer, { description: 'One customer.' })
  customer(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Customer> {
    return customers.getCustomer(ctx, id);
  }

  @Allow('customers.create')
  @Mutation(() => Customer, { description: 'Create a customer.' })
  createCustomer(@Ctx() ctx: RequestContext, @Args() args: CreateCustomerArgs): Promise<Customer> {
    return customers.createCustomer(ctx, args);
  }

  @Allow('customers.edit')
  @Mutation(() => Customer, { description: 'Update a customer.' })
  updateCustomer(
    @Ctx() ctx: RequestContext,
    @Args() { id, ...input }: UpdateCustomerArgs,
  ): Promise<Customer> {
    return customers.updateCustomer(ctx, id, input);
  }

  @Allow('customers.edit')
  @Mutation(() => Customer, {
    description: 'Soft-delete a customer: kept for the sales that name it, gone from lists and look-ups.',
  })
  deleteCustomer(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Customer> {
    return customers.deleteCustomer(ctx, id);
  }
}
