import { toSafeInteger } from '../../entities/safe-int.js';
import { RegisterSession, RegisterSessionStatus } from '../../entities/register-session.entity.js';
import type { RequestContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { defineStateMachine } from '../core/state-machine.js';

/**
 * A register session's lifecycle: opened with its float, closed once with the counted cash (at the store,
 * or recorded at HQ from the store's `register.closed`). A closed session is final: its Z report is frozen.
 */
export const registerSessionMachine = defineStateMachine<RegisterSessionStatus>('register session', {
  [RegisterSessionStatus.OPEN]: [RegisterSessionStatus.CLOSED],
  [RegisterSessionStatus.CLOSED]: [],
});

/** Refuses (409 `INVALID_STATE`) closing a session that is no longer open, saying when it was closed. */
export function assertClosable(session: { status: RegisterSessionStatus; closedAt?: Date | null }): void {
  registerSessionMachine.assert(
    session.status,
    RegisterSessionStatus.CLOSED,
    () => `The register session was closed at ${session.closedAt!.toISOString()}`,
  );
}

/**
 * declared − expected, exact and then a safe integer: expected cash may be saturated (a session holding
 * rows stored beyond 2^53, see `sessionFigures`), and the close must still be storable and readable.
 */
export const overShortOf = (declared: number, expected: number) =>
  toSafeInteger(BigInt(declared) - BigInt(expected));

/** A terminal has at most one open session: another open is a 409 naming `terminalId`. */
export async function assertNoOpenSession(
  ctx: RequestContext,
  storeId: string,
  terminalId: string,
): Promise<void> {
  const open = await ctx.em.count(RegisterSession, {
    storeId,
    terminalId,
    status: RegisterSessionStatus.OPEN,
  });
  if (open) {
    throw new AppError('INVALID_STATE', {
      field: 'terminalId',
      reason: `${terminalId} already has an open register session`,
    });
  }
}
