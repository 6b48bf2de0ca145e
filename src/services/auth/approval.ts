import type { User } from '../../entities/user.entity.js';
import type { RequestContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { assertPin } from './credentials.js';
import { grantsCover, grantsOf } from './grants.js';
import { signInKeys } from './login-throttle.js';
import type { Permission } from './permissions.js';
import { userByPin } from './sign-in.js';

/**
 * A manager's approval given at the till: their PIN typed into the request (`approvedBy`), checked as a
 * PIN sign-in is (the same throttle: a PIN field is a guessing field) and against the permissions the
 * approval needs at the store. The manager is found by PIN alone, as PIN sign-in finds them: on a store
 * server, among the users it holds PIN material for (those with a role at the store).
 */

/** The approver's user id, or 403 naming `field` (one message whether the PIN or the rights are wrong). */
export async function approverByPin(
  ctx: RequestContext,
  opts: { pin: string; field: string; storeId: string; terminalId?: string; needs: Permission[] },
): Promise<string> {
  assertPin(opts.field, opts.pin);
  const attempt = signInKeys(ctx, { storeId: opts.storeId, terminalId: opts.terminalId });
  const mayApprove = async (user: User) => {
    const grants = await grantsOf(ctx, user.id);
    return opts.needs.every((permission) => grantsCover(grants, permission, opts.storeId));
  };
  const user = await userByPin(ctx, opts.pin, attempt, mayApprove);
  if (!user) {
    throw new AppError('FORBIDDEN', {
      field: opts.field,
      reason: `not the PIN of a user who may approve ${opts.needs.join(' and ')} at this store`,
    });
  }
  return user.id;
}
