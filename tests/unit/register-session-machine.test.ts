import { RegisterSessionStatus } from '../../src/entities/register-session.entity';
import {
  assertClosable,
  registerSessionMachine,
} from '../../src/services/registers/register-session.machine';

const { OPEN, CLOSED } = RegisterSessionStatus;

it('declares OPEN -> CLOSED, and CLOSED as final', () => {
  expect(registerSessionMachine.name).toBe('register session');
  expect(registerSessionMachine.transitions).toEqual({ OPEN: ['CLOSED'], CLOSED: [] });
  expect(registerSessionMachine.can(OPEN, CLOSED)).toBe(true);
  expect(registerSessionMachine.can(CLOSED, CLOSED)).toBe(false);
  expect(registerSessionMachine.can(CLOSED, OPEN)).toBe(false);
  expect(registerSessionMachine.can(OPEN, OPEN)).toBe(false);
});

it('lets an open session close, and refuses a closed one with the time it was closed (409 INVALID_STATE)', () => {
  expect(() => assertClosable({ status: OPEN, closedAt: null })).not.toThrow();
  const closedAt = new Date('2026-12-01T17:30:00.000Z');
  expect(() => assertClosable({ status: CLOSED, closedAt })).toThrow(
    expect.objectContaining({
      code: 'INVALID_STATE',
      message: 'The register session was closed at 2026-12-01T17:30:00.000Z',
    }),
  );
});

it('names both states when refusing a step without its own words', () => {
  expect(() => registerSessionMachine.assert(CLOSED, OPEN)).toThrow(
    'A register session that is CLOSED cannot become OPEN',
  );
});
