import { GraphQLError } from 'graphql';
import { errorEnvelope, fail, failure, internalError, ok, page } from '../../src/rest/envelope';
import { AppError, invalid } from '../../src/services/core/errors';

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

describe('the envelope writers', () => {
  it('wraps a result, null when there is none', () => {
    expect(ok({ id: 'a' })).toEqual({ status: 200, headers: {}, body: { success: true, data: { id: 'a' } } });
    expect(JSON.stringify(ok(undefined, 201).body)).toBe('{"success":true,"data":null}');
    expect(ok(undefined, 201).status).toBe(201);
  });

  it('spreads a page beside its items', () => {
    const reply = page({ items: [1, 2], total: 7, page: 2, pageSize: 2 });
    expect(JSON.stringify(reply.body)).toBe('{"success":true,"data":[1,2],"total":7,"page":2,"pageSize":2}');
  });

  it('writes failures in one shape', () => {
    expect(failure(415, 'VALIDATION', 'unsupported charset')).toEqual({
      status: 415,
      headers: {},
      body: { success: false, error: 'unsupported charset', code: 'VALIDATION' },
    });
    expect(internalError()).toEqual({
      status: 500,
      headers: {},
      body: { success: false, error: 'Internal server error', code: 'INTERNAL' },
    });
    expect(
      fail(new AppError('METHOD_NOT_ALLOWED', 'Method PUT not allowed', { allow: 'GET, POST' })),
    ).toEqual({
      status: 405,
      headers: { Allow: 'GET, POST' },
      body: { success: false, error: 'Method PUT not allowed', code: 'METHOD_NOT_ALLOWED' },
    });
  });

  it('names the field as the client spells it, from the error behind an execution error', () => {
    const rename = (field: string) => (field === 'storeId' ? 'store_id' : field);
    const wrapped = new GraphQLError('storeId: no store with this id', {
      originalError: invalid('storeId', 'no store with this id'),
      extensions: { code: 'VALIDATION', field: 'storeId' },
    });
    expect(errorEnvelope(wrapped, rename).body).toEqual({
      success: false,
      error: 'store_id: no store with this id',
      code: 'VALIDATION',
      field: 'store_id',
    });
    const unnamed = new AppError('FORBIDDEN', 'Current credential is wrong', { field: 'storeId' });
    expect(errorEnvelope(unnamed, rename).body).toMatchObject({
      error: 'Current credential is wrong',
      field: 'store_id',
    });
    const coercion = new GraphQLError('Variable "$storeId" got invalid value 1; Expected type UUID.');
    expect(errorEnvelope(coercion, rename).body).toMatchObject({
      error: 'store_id: Expected type UUID.',
      field: 'store_id',
    });
    expect(errorEnvelope(invalid('sku', 'bad'), rename).body).toMatchObject({
      error: 'sku: bad',
      field: 'sku',
    });
  });
});
