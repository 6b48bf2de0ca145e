/**
 * Register sessions (open, close, the Z number; their lifecycle in `register-session.machine.ts`) and
 * their X/Z figures.
 */
export * from './register.service.js';
export * from './session-report.service.js';
export * from './register-events.js';
export * from './register-session.machine.js';
export * from './record-store-register.js';
