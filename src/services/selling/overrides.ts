import { approverByPin } from '../auth/approval.js';
import { holds } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import type { CheckedSale, OverridePermission } from './sale-arithmetic.js';

/** Who asked for a sale's price overrides and discounts, and whose authority let them through. */
export interface OverrideAuthority {
  requestedById: string | null;
  approvedById: string | null;
}

const NONE: OverrideAuthority = { requestedById: null, approvedById: null };

/** The field a needed permission is about, on a line. */
const FIELD_OF: Record<OverridePermission, 'unitPrice' | 'discountAmount'> = {
  'pos.price_override': 'unitPrice',
  'pos.discount': 'discountAmount',
};

/**
 * Lets a sale's lines charged below their price or discounted through: the caller holds every
 * permission they need at the store (then the caller approved them), or the request carries the PIN of
 * a manager who does (`approvedBy`). Otherwise 403 naming the first line at fault. Nothing is read when
 * no line needs it.
 */
export async function authorizeOverrides(
  ctx: RequestContext,
  storeId: string,
  input: { approvedBy?: string | null; terminalId: string },
  checked: CheckedSale,
): Promise<OverrideAuthority> {
  const needs = [...new Set(checked.lines.flatMap((line) => line.needs))];
  if (needs.length === 0) return NONE;
  const requestedById = ctx.user?.id ?? null;
  const missing = needs.filter((permission) => !holds(ctx, permission, storeId));
  if (missing.length === 0) return { requestedById, approvedById: requestedById };
  if (!input.approvedBy) {
    const i = checked.lines.findIndex((line) => line.needs.some((p) => missing.includes(p)));
    const permission = checked.lines[i].needs.find((p) => missing.includes(p))!;
    const { item, price } = checked.lines[i];
    const what =
      permission === 'pos.price_override'
        ? `${item.unitPrice} is below the price ${price.price}`
        : `a discount of ${item.discountAmount}`;
    throw new AppError('FORBIDDEN', {
      field: `items.${i}.${FIELD_OF[permission]}`,
      reason: `${what} needs ${permission}, or a manager's approval (approvedBy: their PIN)`,
    });
  }
  const approvedById = await approverByPin(ctx, {
    pin: input.approvedBy,
    field: 'approvedBy',
    storeId,
    terminalId: input.terminalId,
    needs,
  });
  return { requestedById, approvedById };
}
