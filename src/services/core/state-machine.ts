import { AppError } from './errors.js';

/**
 * A document's states and the steps between them, declared as a table: every state lists the states it
 * may move to (none: a final state). The table is the documentation of the lifecycle and what its unit
 * test walks; services ask it before they change a status, so a refused step is always the same 409
 * `INVALID_STATE`.
 */
export interface StateMachine<S extends string> {
  /** What the machine drives, as messages name it ("register session", "sale", "transfer"). */
  readonly name: string;
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  /** Whether a document in `from` may move to `to`. */
  can(from: S, to: S): boolean;
  /**
   * Refuses (409 `INVALID_STATE`) a step the table does not list. `why` says it in the document's own
   * words ("The sale was already voided at ..."); by default the message names both states.
   */
  assert(from: S, to: S, why?: string | (() => string)): void;
}

export function defineStateMachine<S extends string>(
  name: string,
  transitions: Record<S, readonly S[]>,
): StateMachine<S> {
  for (const [from, targets] of Object.entries<readonly S[]>(transitions)) {
    for (const to of targets) {
      if (!(to in transitions)) throw new Error(`${name}: ${from} -> ${to} leads to an undeclared state`);
    }
  }
  const can = (from: S, to: S) => transitions[from]?.includes(to) ?? false;
  return {
    name,
    transitions,
    can,
    assert(from, to, why) {
      if (can(from, to)) return;
      const message = typeof why === 'function' ? why() : why;
      throw new AppError('INVALID_STATE', message ?? `A ${name} that is ${from} cannot become ${to}`);
    },
  };
}
