import { assertNoOpenSession, overShortOf } from './register-session.machine.js';
import { LockMode } from '@mikro-orm/core';
import { RegisterSession, RegisterSessionStatus } from '../../entities/register-session.entity.js';
import type { RequestContext } from '../core/context.js';
import { User } from '../../entities/user.entity.js';
import type { RegisterClosedPayload, RegisterOpenedPayload } from './register-events.js';
import { mismatch, unprocessable } from '../core/errors.js';
import { assertClosable } from './register-session.machine.js';

/**
 * HQ: records a session a store opened (pushed as `register.opened`) with the store's id and times. No
 * permission check (the store checked its user); the opener must exist, and the terminal must have no
 * other open session at HQ (409, as at the store).
 */
export async function recordStoreRegisterOpened(
  ctx: RequestContext,
  storeId: string,
  event: RegisterOpenedPayload,
): Promise<void> {
  if (!(await ctx.em.count(User, { id: event.openedById }))) {
    throw unprocessable('openedById', `no user ${event.openedById}`);
  }
  await assertNoOpenSession(ctx, storeId, event.terminalId);
  const at = new Date(event.openedAt);
  ctx.em.create(RegisterSession, {
    id: event.id,
    createdAt: at,
    updatedAt: at,
    storeId,
    terminalId: event.terminalId,
    openedById: event.openedById,
    openedAt: at,
    openingAmount: event.openingAmount,
  });
  await ctx.em.flush();
}

/**
 * HQ: records a store's close of a session (pushed as `register.closed`), keeping the store's Z number,
 * figures and frozen Z report: the store counted the drawer, HQ does not recount it.
 */
export async function recordStoreRegisterClosed(
  ctx: RequestContext,
  storeId: string,
  event: RegisterClosedPayload,
): Promise<void> {
  const session = await ctx.em.findOne(
    RegisterSession,
    { id: event.id },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  if (!session || session.storeId !== storeId) throw unprocessable('id', `no register session ${event.id}`);
  assertClosable(session);
  const overShort = overShortOf(event.declaredCash, event.expectedCash);
  if (event.overShort !== overShort) throw mismatch('overShort', event.overShort, overShort);
  if (!(await ctx.em.count(User, { id: event.closedById }))) {
    throw unprocessable('closedById', `no user ${event.closedById}`);
  }
  session.status = RegisterSessionStatus.CLOSED;
  session.closedAt = new Date(event.closedAt);
  session.closedById = event.closedById;
  session.zNumber = event.zNumber;
  session.expectedCash = event.expectedCash;
  session.declaredCash = event.declaredCash;
  session.overShort = event.overShort;
  session.zReport = event.zReport;
  await ctx.em.flush();
}
