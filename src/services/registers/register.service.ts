import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { RegisterSession, RegisterSessionStatus } from '../../entities/register-session.entity.js';
import { Store } from '../../entities/store.entity.js';
import type { RequestContext } from '../core/context.js';
import { recordEvent } from '../events/outbox.js';
import { registerClosed, registerOpened } from './register-events.js';
import { AppError, notFound } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { sessionFigures } from './session-report.service.js';
import { assertClosable, assertNoOpenSession, overShortOf } from './register-session.machine.js';
import { assertInScope, readScope, scopeStoreId, tradingScope } from '../core/scope.js';
import { assertCan } from '../auth/grants.js';

/** The store is the request's scope (`ctx.scope`), decided by the access rule. */
export interface OpenRegisterInput {
  terminalId: string;
  openingAmount: number;
}

/** The store (or every store) is the request's scope, decided by the access rule. */
export interface RegisterFilter extends PageRequest {
  terminalId?: string | null;
  status?: RegisterSessionStatus | null;
}

/**
 * Opens a session for a terminal at the scope's store (`tradingScope`: 404, 403, 409); a terminal has at
 * most one open session (409 otherwise).
 */
export async function openRegister(ctx: RequestContext, input: OpenRegisterInput): Promise<RegisterSession> {
  const store = await tradingScope(ctx);
  await assertNoOpenSession(ctx, store.id, input.terminalId);
  // One instant for all three: HQ records the pushed session with its openedAt as its times too.
  const at = ctx.runtime.now();
  const session = ctx.em.create(RegisterSession, {
    createdAt: at,
    updatedAt: at,
    storeId: store.id,
    terminalId: input.terminalId,
    openedById: ctx.user!.id,
    openedAt: at,
    openingAmount: input.openingAmount,
  });
  // A concurrent open of the same terminal loses on register_session_open_unique (409).
  await ctx.em.flush();
  await recordEvent(ctx, registerOpened, () => ({
    id: session.id,
    storeId: session.storeId,
    terminalId: session.terminalId,
    openedById: session.openedById,
    openedAt: session.openedAt.toISOString(),
    openingAmount: session.openingAmount,
  }));
  return session;
}

/**
 * The open session of a terminal at the scope's store (the caller's, or the named one), or null when it
 * has none. Any signed-in user of the store may ask (a till checks its register before selling); another
 * store's sessions need `registers.view` there (the rule's `elsewhere`).
 */
export async function currentRegister(
  ctx: RequestContext,
  opts: { terminalId: string },
): Promise<RegisterSession | null> {
  const storeId = scopeStoreId(ctx);
  assertInScope(ctx);
  return ctx.em.findOne(RegisterSession, {
    storeId,
    terminalId: opts.terminalId,
    status: RegisterSessionStatus.OPEN,
  });
}

/** Register sessions, latest opened first; paginated. */
export async function listRegisters(
  ctx: RequestContext,
  filter: RegisterFilter,
): Promise<PageResult<RegisterSession>> {
  const storeId = await readScope(ctx);
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where: FilterQuery<RegisterSession> = {};
  if (storeId) where.storeId = storeId;
  if (filter.terminalId) where.terminalId = filter.terminalId;
  if (filter.status) where.status = filter.status;
  const [items, total] = await ctx.em.findAndCount(RegisterSession, where, {
    orderBy: { openedAt: 'desc', id: 'desc' },
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}

/**
 * Closes the open session of a terminal at the scope's store with the counted cash (also at a store
 * closed meanwhile).
 */
export async function closeRegister(
  ctx: RequestContext,
  input: { terminalId: string; declaredCash: number },
): Promise<RegisterSession> {
  // Not `tradingScope`: a drawer is still counted and closed at a store that has just been closed.
  const storeId = scopeStoreId(ctx);
  assertInScope(ctx);
  const open = await ctx.em.findOne(RegisterSession, {
    storeId,
    terminalId: input.terminalId,
    status: RegisterSessionStatus.OPEN,
  });
  if (!open) {
    if (!(await ctx.em.count(Store, { id: storeId }))) throw notFound('Store', storeId);
    throw new AppError('INVALID_STATE', {
      field: 'terminalId',
      reason: `${input.terminalId} has no open register session`,
    });
  }
  return closeSession(ctx, open.id, input.declaredCash);
}

/** Closes a session by id with the counted cash. */
export async function closeRegisterSession(
  ctx: RequestContext,
  id: string,
  declaredCash: number,
): Promise<RegisterSession> {
  const session = await ctx.em.findOne(RegisterSession, { id });
  if (!session) throw notFound('Register session', id);
  assertCan(ctx, 'registers.close', session.storeId);
  return closeSession(ctx, id, declaredCash);
}

/**
 * Closes a session: under its row lock (sales and voids take a share lock on it, so none slips in),
 * computes the figures, gives the next Z number of the register, and freezes the Z report.
 */
async function closeSession(ctx: RequestContext, id: string, declaredCash: number): Promise<RegisterSession> {
  const session = await ctx.em.findOneOrFail(
    RegisterSession,
    { id },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  assertClosable(session);
  const [{ last }] = await ctx.em.execute<Array<{ last: number | null }>>(
    'select max(z_number) as last from register_session where store_id = ? and terminal_id = ?',
    [session.storeId, session.terminalId],
  );
  session.status = RegisterSessionStatus.CLOSED;
  session.closedAt = ctx.runtime.now();
  session.closedById = ctx.user!.id;
  session.zNumber = (last ?? 0) + 1;
  const figures = await sessionFigures(ctx, session);
  session.expectedCash = figures.expectedCash;
  session.declaredCash = declaredCash;
  session.overShort = overShortOf(declaredCash, figures.expectedCash);
  session.zReport = { ...figures, declaredCash, overShort: session.overShort } as unknown as Record<
    string,
    unknown
  >;
  await ctx.em.flush();
  await recordEvent(ctx, registerClosed, () => ({
    id: session.id,
    storeId: session.storeId,
    terminalId: session.terminalId,
    closedAt: session.closedAt!.toISOString(),
    closedById: session.closedById!,
    zNumber: session.zNumber!,
    expectedCash: session.expectedCash!,
    declaredCash,
    overShort: session.overShort!,
    // Through JSON, as the column holds it (its dates as ISO strings).
    zReport: JSON.parse(JSON.stringify(session.zReport)) as Record<string, unknown>,
  }));
  return session;
}
