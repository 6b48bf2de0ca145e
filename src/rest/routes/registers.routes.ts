// REST routes of registers (services/registers): sessions, and the X and Z reports of a session. Listed in order by index.ts.
import { section } from './route.js';

export const REGISTER_SECTION = section(
  'Registers',
  'Register (drawer) sessions: open, close, the current one.',
  [
    {
      field: 'Query.registers',
      method: 'GET',
      path: '/registers',
      access: 'registers.view',
    },
    { field: 'Query.currentRegister', method: 'GET', path: '/registers/current', access: 'signed-in' },
    {
      field: 'Mutation.openRegister',
      method: 'POST',
      path: '/registers/open',
      access: 'registers.open',
      status: 201,
      failures: [404, 409],
    },
    {
      field: 'Mutation.closeRegister',
      method: 'POST',
      path: '/registers/close',
      access: 'registers.close',
      failures: [404, 409],
    },
    {
      field: 'Mutation.closeRegisterSession',
      method: 'PUT',
      path: '/registers/:id/close',
      access: 'registers.close',
      failures: [409],
    },
  ],
);

// The register ones; the others come with the reporting issue.
export const REPORT_SECTION = section('Reports', 'X and Z reports of register sessions.', [
  {
    field: 'Query.xReport',
    method: 'GET',
    path: '/reports/x-report',
    access: 'reports.x_report',
    failures: [404],
  },
  {
    field: 'Query.zReport',
    method: 'GET',
    path: '/reports/z-report',
    access: 'reports.z_report',
    failures: [404, 409],
  },
]);
