import { GraphQLError } from 'graphql';
import { errorEnvelope } from '../../src/rest/envelope';
import { AppError } from '../../src/services/core/errors';

describe('errorEnvelope', () => {
  it.each([
    ['VALIDATION', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['INVALID_STATE', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['UNPROCESSABLE', 422],
    ['RATE_LIMITED', 429],
  ] as const)('maps %s to %i with its message', (code, status) => {
    const envelope = errorEnvelope(new AppError(code, 'what happened'));
    expect(envelope.status).toBe(status);
    expect(envelope.body).toEqual({ success: false, error: 'what happened', code });
  });

  it('adds Retry-After for RATE_LIMITED and the field when known', () => {
    expect(errorEnvelope(new AppError('RATE_LIMITED', 'slow down', { retryAfter: 30 })).headers).toEqual({
      'Retry-After': '30',
    });
    expect(errorEnvelope(new AppError('VALIDATION', 'sku: bad', { field: 'sku' })).body.field).toBe('sku');
  });

  it('turns variable coercion errors into 400 naming the argument', () => {
    const envelope = errorEnvelope(
      new GraphQLError('Variable "$id" got invalid value "x"; Value is not a valid UUID: x'),
    );
    expect(envelope.status).toBe(400);
    expect(envelope.body).toEqual({
      success: false,
      error: 'id: Value is not a valid UUID: x',
      code: 'VALIDATION',
      field: 'id',
    });
    const required = errorEnvelope(
      new GraphQLError('Variable "$sku" of required type "String!" was not provided.'),
    );
    expect(required.body).toMatchObject({ error: 'sku: is required', field: 'sku' });
  });

  it('hides anything unexpected behind a generic 500', () => {
    const envelope = errorEnvelope(new Error('relation "x" does not exist at /src/secret.ts:12'));
    expect(envelope).toEqual({
      status: 500,
      body: { success: false, error: 'Internal server error', code: 'INTERNAL' },
      headers: {},
      unexpected: true,
    });
  });
});
