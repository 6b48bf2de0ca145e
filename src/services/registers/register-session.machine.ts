import { RegisterSessionStatus } from '../../entities/register-session.entity.js';
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
