import { AppError, conflict, invalid, mismatch, unprocessable } from '../../src/services/core/errors';

describe('AppError', () => {
  it('builds the message of a field problem naming the field first, and keeps field and reason apart', () => {
    const error = new AppError('INVALID_STATE', { field: 'terminalId', reason: 'T1 has no open session' });
    expect(error.message).toBe('terminalId: T1 has no open session');
    expect(error.field).toBe('terminalId');
    expect(error.reason).toBe('T1 has no open session');
    expect(error.extensions).toEqual({ code: 'INVALID_STATE', field: 'terminalId' });
    expect(error.status).toBe(409);
  });

  it('puts the field first in the extensions, before other details (as the wire always had it)', () => {
    const error = new AppError('RATE_LIMITED', { field: 'pin', reason: 'slow down' }, { retryAfter: 5 });
    expect(Object.keys(error.extensions)).toEqual(['code', 'field', 'retryAfter']);
    expect(Object.keys(mismatch('total', 1, 2).extensions)).toEqual(['code', 'field', 'stated', 'expected']);
  });

  it('builds a conflict about a field from its field and reason', () => {
    const error = conflict({ field: 'code', reason: '"X" is already in use' });
    expect(error.message).toBe('code: "X" is already in use');
    expect(error.field).toBe('code');
    expect(error.reason).toBe('"X" is already in use');
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'code' });
  });

  it('keeps a message that names no field, or not first, whole', () => {
    const unnamed = new AppError('FORBIDDEN', 'Current credential is wrong', { field: 'currentPin' });
    expect(unnamed.reason).toBe('Current credential is wrong');
    expect(unnamed.messageNaming('current_pin')).toBe('Current credential is wrong');
    const none = new AppError('NOT_FOUND', 'Product x not found');
    expect(none.field).toBeUndefined();
    expect(none.reason).toBe('Product x not found');
    expect(none.messageNaming('other')).toBe('Product x not found');
  });

  it('names its field as the REST client spells it', () => {
    expect(invalid('storeId', 'no store with this id').messageNaming('store_id')).toBe(
      'store_id: no store with this id',
    );
    expect(conflict({ field: 'storeId', reason: 'taken' }).messageNaming('store_id')).toBe('store_id: taken');
  });

  it('keeps the helpers as they were', () => {
    expect(invalid('sku', 'must not be blank')).toMatchObject({
      message: 'sku: must not be blank',
      extensions: { code: 'VALIDATION', field: 'sku' },
    });
    const stated = mismatch('total', 100, 120);
    expect(stated.message).toBe('total: stated 100, expected 120');
    expect(stated.extensions).toEqual({ code: 'UNPROCESSABLE', field: 'total', stated: 100, expected: 120 });
    expect(unprocessable('lines.0', 'no such product').reason).toBe('no such product');
    expect(conflict('Duplicate value').extensions).toEqual({ code: 'CONFLICT' });
    const linked = conflict({ field: 'supplierId', reason: 'already linked' });
    expect(linked).toMatchObject({
      message: 'supplierId: already linked',
      field: 'supplierId',
      reason: 'already linked',
    });
    expect(linked.extensions).toEqual({ code: 'CONFLICT', field: 'supplierId' });
  });

  it('lets a field problem name its field, whatever details say', () => {
    const error = unprocessable('total', 'too big', { field: 'other' });
    expect(error.field).toBe('total');
    expect(error.extensions).toEqual({ code: 'UNPROCESSABLE', field: 'total' });
  });
});
