// REST routes of registers (services/registers): sessions, and the X and Z reports of a session. Listed in order by index.ts.
import type { RestRoute } from './route.js';

/** Registers */
export const REGISTER_ROUTES: RestRoute[] = [
  {
    field: 'Query.registers',
    method: 'GET',
    path: '/registers',
    access: 'registers.view',
    query: { store_id: 'storeId', terminal_id: 'terminalId', status: 'status' },
  },
  { field: 'Query.currentRegister', method: 'GET', path: '/registers/current', access: 'signed-in' },
  {
    field: 'Mutation.openRegister',
    method: 'POST',
    path: '/registers/open',
    access: 'registers.open',
    status: 201,
  },
  { field: 'Mutation.closeRegister', method: 'POST', path: '/registers/close', access: 'registers.close' },
  {
    field: 'Mutation.closeRegisterSession',
    method: 'PUT',
    path: '/registers/:id/close',
    access: 'registers.close',
  },
];

/** Reports (the register ones; the others come with the reporting issue) */
export const REPORT_ROUTES: RestRoute[] = [
  {
    field: 'Query.xReport',
    method: 'GET',
    path: '/reports/x-report',
    access: 'reports.x_report',
    query: { session_id: 'sessionId' },
  },
  {
    field: 'Query.zReport',
    method: 'GET',
    path: '/reports/z-report',
    access: 'reports.z_report',
    query: { session_id: 'sessionId' },
  },
];
