import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import * as auth from '../services/auth/index.js';
import type { RequestContext } from '../services/core/index.js';
import { Allow, Public } from '../schema/allow.js';
import { ChangeCredentialArgs, LoginArgs, PinLoginArgs, RefreshArgs } from '../schema/args/auth.args.js';
import { LoginResult, MeResult } from '../schema/types/auth.types.js';

@Resolver()
export class AuthResolver {
  @Public({ servedBy: 'store' })
  @Mutation(() => LoginResult, { description: 'Log in with username and PIN or password.' })
  login(@Ctx() ctx: RequestContext, @Args() args: LoginArgs): Promise<LoginResult> {
    return auth.login(ctx, args);
  }

  @Public({ servedBy: 'store' })
  @Mutation(() => LoginResult, {
    description: "Log in with a PIN alone (tills); scoped to the store's employees.",
  })
  pinLogin(@Ctx() ctx: RequestContext, @Args() args: PinLoginArgs): Promise<LoginResult> {
    return auth.pinLogin(ctx, args.pin, args.terminalId);
  }

  @Public({ servedBy: 'store' })
  @Mutation(() => LoginResult, {
    description: 'Exchange a refresh token for new tokens (the old one is spent).',
  })
  refreshToken(@Ctx() ctx: RequestContext, @Args() args: RefreshArgs): Promise<LoginResult> {
    return auth.refresh(ctx, args.refreshToken);
  }

  @Allow()
  @Query(() => MeResult, { description: 'The caller and their effective permissions at the current store.' })
  me(@Ctx() ctx: RequestContext): Promise<MeResult> {
    return auth.me(ctx);
  }

  @Allow()
  @Mutation(() => Boolean, {
    description: "Change the caller's PIN and/or password; needs the current credential.",
  })
  changeCredential(@Ctx() ctx: RequestContext, @Args() args: ChangeCredentialArgs): Promise<boolean> {
    return auth.changeCredential(ctx, args);
  }
}
