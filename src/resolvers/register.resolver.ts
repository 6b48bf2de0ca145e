import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { RegisterSession } from '../entities/register-session.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as registers from '../services/registers/index.js';
import * as reports from '../services/registers/index.js';
import { Allow } from '../schema/allow.js';
import {
  CloseRegisterArgs,
  CloseRegisterSessionArgs,
  CurrentRegisterArgs,
  OpenRegisterArgs,
  RegisterListArgs,
  SessionReportArgs,
} from '../schema/args/register.args.js';
import { RegisterSessionPage, SessionReport } from '../schema/types/register.types.js';

@Resolver(() => RegisterSession)
export class RegisterResolver {
  @Allow('registers.view', { store: 'storeId', records: true })
  @Query(() => RegisterSessionPage, { description: 'Register sessions, latest opened first; paginated.' })
  registers(
    @Ctx() ctx: RequestContext,
    @Args() args: RegisterListArgs,
  ): Promise<PageResult<RegisterSession>> {
    return registers.listRegisters(ctx, args);
  }

  @Allow({ store: 'storeId', elsewhere: 'registers.view' })
  @Query(() => RegisterSession, {
    nullable: true,
    description: 'The open register session of a terminal, or null when it has none.',
  })
  currentRegister(
    @Ctx() ctx: RequestContext,
    @Args() args: CurrentRegisterArgs,
  ): Promise<RegisterSession | null> {
    return registers.currentRegister(ctx, args);
  }

  @Allow('registers.open', { store: 'storeId', servedBy: 'store' })
  @Mutation(() => RegisterSession, { description: 'Open a register session for a terminal, with its float.' })
  openRegister(@Ctx() ctx: RequestContext, @Args() args: OpenRegisterArgs): Promise<RegisterSession> {
    return registers.openRegister(ctx, args);
  }

  @Allow('registers.close', { store: 'storeId', servedBy: 'store' })
  @Mutation(() => RegisterSession, {
    description: "Close a terminal's open session with the counted cash; freezes its Z report.",
  })
  closeRegister(@Ctx() ctx: RequestContext, @Args() args: CloseRegisterArgs): Promise<RegisterSession> {
    return registers.closeRegister(ctx, args);
  }

  @Allow('registers.close', { servedBy: 'store' })
  @Mutation(() => RegisterSession, {
    description: 'Close a session by id with the counted cash; freezes its Z report.',
  })
  closeRegisterSession(
    @Ctx() ctx: RequestContext,
    @Args() { id, declaredCash }: CloseRegisterSessionArgs,
  ): Promise<RegisterSession> {
    return registers.closeRegisterSession(ctx, id, declaredCash);
  }

  @Allow('reports.x_report')
  @Query(() => SessionReport, { description: "X report: a session's figures so far (no effect)." })
  xReport(@Ctx() ctx: RequestContext, @Args() { sessionId }: SessionReportArgs): Promise<SessionReport> {
    return reports.xReport(ctx, sessionId);
  }

  @Allow('reports.z_report')
  @Query(() => SessionReport, { description: 'Z report: the figures of a closed session, frozen at close.' })
  zReport(@Ctx() ctx: RequestContext, @Args() { sessionId }: SessionReportArgs): Promise<SessionReport> {
    return reports.zReport(ctx, sessionId);
  }
}
