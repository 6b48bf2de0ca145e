// REST routes of authentication: sign-in, refresh, the caller and their credentials (services/auth). Listed in order by index.ts.
import { section } from './route.js';

export const AUTH_SECTION = section(
  'Authentication',
  'Sign-in with a username and PIN or password, or a PIN alone at a till; tokens, the caller, credentials.',
  [
    {
      field: 'Mutation.login',
      method: 'POST',
      path: '/auth/login',
      access: 'public',
      failures: [401, 403, 429],
    },
    {
      field: 'Mutation.pinLogin',
      method: 'POST',
      path: '/auth/pin-login',
      access: 'public',
      failures: [401, 403, 429],
    },
    {
      field: 'Mutation.refreshToken',
      method: 'POST',
      path: '/auth/refresh',
      access: 'public',
      failures: [401],
    },
    { field: 'Query.me', method: 'GET', path: '/auth/me', access: 'signed-in' },
    {
      field: 'Mutation.changeCredential',
      method: 'POST',
      path: '/auth/change-credential',
      access: 'signed-in',
      failures: [409, 429],
    },
  ],
);
