/**
 * Register sessions (open, close, the Z number) and their X/Z figures.
 */
export * from './register.service.js';
export * from './session-report.service.js';
export * from './register-events.js';
