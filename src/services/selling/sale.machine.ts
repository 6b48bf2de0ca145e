import { SaleStatus, SaleType } from '../../entities/sale.entity.js';
import { AppError } from '../core/errors.js';
import { defineStateMachine } from '../core/state-machine.js';

/**
 * A sale's lifecycle: recorded COMPLETED, and VOIDED at most once (a later correction is a refund, not a
 * step of this machine). Both voids, the till's and HQ's recording of a store's, ask it.
 */
export const saleMachine = defineStateMachine<SaleStatus>('sale', {
  [SaleStatus.COMPLETED]: [SaleStatus.VOIDED],
  [SaleStatus.VOIDED]: [],
});

/**
 * Refuses (409 `INVALID_STATE`) to void a sale that is not COMPLETED, or a refund (its money left the
 * drawer; a mistaken refund is corrected by a new sale), in the words a till shows.
 */
export function assertVoidable(sale: { status: SaleStatus; voidedAt: Date | null; type?: SaleType }): void {
  if (sale.type === SaleType.REFUND) {
    throw new AppError('INVALID_STATE', 'A refund cannot be voided: ring up a new sale to correct it');
  }
  saleMachine.assert(
    sale.status,
    SaleStatus.VOIDED,
    () => `The sale was already voided at ${sale.voidedAt!.toISOString()}`,
  );
}
