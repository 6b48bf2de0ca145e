import { RegisterSession, RegisterSessionStatus } from '../../entities/register-session.entity.js';
import { toSafeInteger } from '../../entities/safe-int.js';
import { Store } from '../../entities/store.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { AppError, notFound } from '../core/errors.js';

/** Tax charged at one rate within a session. */
export interface RateFigures {
  taxRateId: string;
  taxRateName: string;
  rate: number;
  isCompound: boolean;
  taxableAmount: number;
  taxAmount: number;
}

/** Payments in one tender within a session. */
export interface TenderFigures {
  method: string;
  isCash: boolean;
  count: number;
  amount: number;
  refundCount: number;
  /** Paid out by refunds, positive. */
  refunded: number;
}

/**
 * The figures of a register session (X report while it runs, Z report frozen at close). Sales totals
 * count completed sales only; voided sales appear in `voidCount` / `voidTotal`, refunds made in the
 * session in the `refund*` figures (positive), and the taxes by rate are net of them. Money in cents.
 */
export interface SessionFigures {
  sessionId: string;
  storeId: string;
  storeCode: string;
  terminalId: string;
  status: RegisterSessionStatus;
  zNumber: number | null;
  openedAt: Date;
  openedById: string;
  closedAt: Date | null;
  closedById: string | null;
  generatedAt: Date;
  salesCount: number;
  grossSales: number;
  discountTotal: number;
  netSales: number;
  taxTotal: number;
  grandTotal: number;
  voidCount: number;
  voidTotal: number;
  refundCount: number;
  refundNet: number;
  refundTax: number;
  refundTotal: number;
  taxes: RateFigures[];
  tenders: TenderFigures[];
  openingAmount: number;
  cashTaken: number;
  changeGiven: number;
  cashRefunded: number;
  expectedCash: number;
  declaredCash: number | null;
  overShort: number | null;
}

/** The X report of a session: its figures so far (any time, no effect). */
export async function xReport(ctx: RequestContext, sessionId: string): Promise<SessionFigures> {
  const session = await ctx.em.findOne(RegisterSession, { id: sessionId });
  if (!session) throw notFound('Register session', sessionId);
  assertCan(ctx, 'reports.x_report', session.storeId);
  return sessionFigures(ctx, session);
}

/** The Z report of a closed session: the figures frozen when it closed. */
export async function zReport(ctx: RequestContext, sessionId: string): Promise<SessionFigures> {
  const session = await ctx.em.findOne(RegisterSession, { id: sessionId }, { populate: ['zReport'] });
  if (!session) throw notFound('Register session', sessionId);
  assertCan(ctx, 'reports.z_report', session.storeId);
  if (session.status !== RegisterSessionStatus.CLOSED || !session.zReport) {
    throw new AppError(
      'INVALID_STATE',
      'The session is still open: a Z report exists once it is closed (see the X report)',
    );
  }
  return thawReport(session.zReport);
}

/**
 * Computes a session's figures from the stored sales, line taxes and payments (three queries). Called
 * under the session's row lock when closing, so no sale can slip in between figures and close.
 *
 * Sums are exact whatever is stored: PostgreSQL sums bigints as numeric (no overflow), the differences
 * (net sales, expected cash) are worked out in BigInt, and only then is each figure made a safe integer
 * (`toSafeInteger`: beyond ±(2^53 − 1), only from rows stored before the bounds or by hand, it
 * saturates). The figures the close freezes and stores are therefore always readable.
 */
export async function sessionFigures(ctx: RequestContext, session: RegisterSession): Promise<SessionFigures> {
  const store = await ctx.em.findOneOrFail(Store, { id: session.storeId });
  const { totals, taxes, tenders } = await sessionSums(ctx, session.id);
  const big = (value: unknown) => BigInt(String(value));
  const cash = tenders.filter((row) => row.is_cash).reduce((sum, row) => sum + big(row.amount), 0n);
  const cashRefunded = tenders.filter((row) => row.is_cash).reduce((sum, row) => sum + big(row.refunded), 0n);
  const gross = big(totals.gross);
  const discounts = big(totals.discounts);
  const change = big(totals.change);
  const opening = toSafeInteger(session.openingAmount);
  return {
    sessionId: session.id,
    storeId: session.storeId,
    storeCode: store.code,
    terminalId: session.terminalId,
    status: session.status,
    zNumber: session.zNumber,
    openedAt: session.openedAt,
    openedById: session.openedById,
    closedAt: session.closedAt,
    closedById: session.closedById,
    generatedAt: ctx.runtime.now(),
    salesCount: Number(totals.sales_count),
    grossSales: toSafeInteger(gross),
    discountTotal: toSafeInteger(discounts),
    netSales: toSafeInteger(gross - discounts),
    taxTotal: toSafeInteger(big(totals.tax)),
    grandTotal: toSafeInteger(big(totals.grand)),
    voidCount: Number(totals.void_count),
    voidTotal: toSafeInteger(big(totals.void_total)),
    refundCount: Number(totals.refund_count),
    refundNet: toSafeInteger(big(totals.refund_net)),
    refundTax: toSafeInteger(big(totals.refund_tax)),
    refundTotal: toSafeInteger(big(totals.refund_total)),
    taxes: taxes.map((row) => ({
      taxRateId: String(row.tax_rate_id),
      taxRateName: String(row.tax_rate_name),
      rate: toSafeInteger(big(row.rate)),
      isCompound: Boolean(row.is_compound),
      taxableAmount: toSafeInteger(big(row.taxable)),
      taxAmount: toSafeInteger(big(row.tax)),
    })),
    tenders: tenders.map((row) => ({
      method: String(row.method),
      isCash: Boolean(row.is_cash),
      count: Number(row.count),
      amount: toSafeInteger(big(row.amount)),
      refundCount: Number(row.refund_count),
      refunded: toSafeInteger(big(row.refunded)),
    })),
    openingAmount: opening,
    cashTaken: toSafeInteger(cash),
    changeGiven: toSafeInteger(change),
    cashRefunded: toSafeInteger(cashRefunded),
    expectedCash: toSafeInteger(big(opening) + cash - change - cashRefunded),
    declaredCash: session.declaredCash,
    overShort: session.overShort,
  };
}

/** A completed sale, and a refund (never voided), in the session's sums. */
const SOLD = `status = 'COMPLETED' and type = 'SALE'`;
const REFUNDED = `status = 'COMPLETED' and type = 'REFUND'`;

/**
 * The sums of a session's sales and refunds, line taxes by rate (net of refunds: theirs are negative) and
 * payments by tender (three queries), as text.
 */
async function sessionSums(ctx: RequestContext, sessionId: string) {
  const [totals] = await ctx.em.execute<Array<Record<string, string>>>(
    `select count(*) filter (where ${SOLD}) as sales_count,
            coalesce(sum(subtotal) filter (where ${SOLD}), 0) as gross,
            coalesce(sum(discount_total) filter (where ${SOLD}), 0) as discounts,
            coalesce(sum(tax_total) filter (where ${SOLD}), 0) as tax,
            coalesce(sum(grand_total) filter (where ${SOLD}), 0) as grand,
            coalesce(sum(change_given) filter (where ${SOLD}), 0) as change,
            count(*) filter (where status = 'VOIDED') as void_count,
            coalesce(sum(grand_total) filter (where status = 'VOIDED'), 0) as void_total,
            count(*) filter (where ${REFUNDED}) as refund_count,
            coalesce(-sum(subtotal::numeric - discount_total) filter (where ${REFUNDED}), 0) as refund_net,
            coalesce(-sum(tax_total) filter (where ${REFUNDED}), 0) as refund_tax,
            coalesce(-sum(grand_total) filter (where ${REFUNDED}), 0) as refund_total
       from sale where register_session_id = ?`,
    [sessionId],
  );
  const taxes = await ctx.em.execute<Array<Record<string, string | boolean>>>(
    `select t.tax_rate_id, min(t.tax_rate_name) as tax_rate_name, t.rate, t.is_compound,
            sum(t.taxable_amount) as taxable, sum(t.tax_amount) as tax
       from sale s
       join sale_item i on i.sale_id = s.id
       join sale_item_tax t on t.sale_item_id = i.id
      where s.register_session_id = ? and s.status = 'COMPLETED'
      group by t.tax_rate_id, t.rate, t.is_compound
      order by min(t.tax_rate_name), t.rate, t.tax_rate_id`,
    [sessionId],
  );
  const tenders = await ctx.em.execute<Array<Record<string, string | boolean>>>(
    `select p.method, bool_or(p.is_cash) as is_cash,
            count(*) filter (where s.type = 'SALE') as count,
            coalesce(sum(p.amount) filter (where s.type = 'SALE'), 0) as amount,
            count(*) filter (where s.type = 'REFUND') as refund_count,
            coalesce(-sum(p.amount) filter (where s.type = 'REFUND'), 0) as refunded
       from sale s join sale_payment p on p.sale_id = s.id
      where s.register_session_id = ? and s.status = 'COMPLETED'
      group by p.method
      order by p.method`,
    [sessionId],
  );
  return { totals, taxes, tenders };
}

/**
 * A stored (JSON) report with its instants turned back into dates; a report frozen before refunds
 * existed had none of them (zero).
 */
function thawReport(stored: Record<string, unknown>): SessionFigures {
  const report = stored as unknown as Partial<SessionFigures> & SessionFigures;
  const before = { refundCount: 0, refundNet: 0, refundTax: 0, refundTotal: 0, cashRefunded: 0 };
  const date = (value: unknown) => (value == null ? null : new Date(value as string));
  return {
    ...before,
    ...report,
    tenders: report.tenders.map((t) => Object.assign({ refundCount: 0, refunded: 0 }, t)),
    openedAt: date(report.openedAt)!,
    closedAt: date(report.closedAt),
    generatedAt: date(report.generatedAt)!,
  };
}
