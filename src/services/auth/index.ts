/**
 * Who the caller is and what it may do: sign-in (password, PIN, HQ-verified at a store), tokens and
 * sessions, credentials, the permission catalogue, grants and their no-escalation rules, login throttling.
 */
export * from './account.js';
export * from './credentials.js';
export * from './refresh.js';
export * from './sign-in.js';
export * from './grants.js';
export * from './login-throttle.js';
export * from './permissions.js';
export * from './session-cache.js';
export * from './tokens.js';
