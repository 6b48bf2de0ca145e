import { SaleStatus } from '../../src/entities/sale.entity';
import { AppError } from '../../src/services/core/errors';
import { assertVoidable, saleMachine } from '../../src/services/selling/sale.machine';

describe("a sale's lifecycle", () => {
  it('goes from COMPLETED to VOIDED, and nowhere from VOIDED', () => {
    expect(saleMachine.transitions).toEqual({ COMPLETED: ['VOIDED'], VOIDED: [] });
    expect(saleMachine.can(SaleStatus.COMPLETED, SaleStatus.VOIDED)).toBe(true);
    expect(saleMachine.can(SaleStatus.VOIDED, SaleStatus.VOIDED)).toBe(false);
    expect(saleMachine.can(SaleStatus.VOIDED, SaleStatus.COMPLETED)).toBe(false);
  });

  it('refuses a second void with the time of the first, as a 409 INVALID_STATE', () => {
    expect(() => assertVoidable({ status: SaleStatus.COMPLETED, voidedAt: null })).not.toThrow();
    const voided = { status: SaleStatus.VOIDED, voidedAt: new Date('2026-05-01T12:30:00.000Z') };
    let refusal: unknown;
    try {
      assertVoidable(voided);
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('INVALID_STATE');
    expect((refusal as AppError).status).toBe(409);
    expect((refusal as AppError).message).toBe('The sale was already voided at 2026-05-01T12:30:00.000Z');
  });
});
