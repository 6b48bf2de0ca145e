// REST routes of authentication: sign-in, refresh, the caller and their credentials (services/auth). Listed in order by index.ts.
import type { RestRoute } from './route.js';

/** Authentication */
export const AUTH_ROUTES: RestRoute[] = [
  { field: 'Mutation.login', method: 'POST', path: '/auth/login', access: 'public' },
  { field: 'Mutation.pinLogin', method: 'POST', path: '/auth/pin-login', access: 'public' },
  { field: 'Mutation.refreshToken', method: 'POST', path: '/auth/refresh', access: 'public' },
  { field: 'Query.me', method: 'GET', path: '/auth/me', access: 'signed-in' },
  {
    field: 'Mutation.changeCredential',
    method: 'POST',
    path: '/auth/change-credential',
    access: 'signed-in',
  },
];
