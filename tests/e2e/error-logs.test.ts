import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { ormOptions } from '../../src/db/database';
import { createLogger } from '../../src/server/logger';
import { createTestDatabase } from '../support/database';
import { freePort, ServerProcess } from '../support/processes';
import { eventually } from '../support/sync';

/**
 * An unexpected database error is logged without the values its statement carried: knex writes the
 * bound parameters into the error's message, and PostgreSQL's detail repeats them.
 */
jest.setTimeout(60_000);

let db: { url: string; drop(): Promise<void> };
let server: ServerProcess;

beforeAll(async () => {
  db = await createTestDatabase();
  // A failure no service expects, raised by the database on the insert, its detail naming the value.
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await sql.query(`
    create function refuse_department() returns trigger language plpgsql as $$
    begin
      raise exception 'department refused' using detail = 'name was ' || new.name;
    end $$;
    create trigger refuse_department before insert on department
      for each row execute function refuse_department();`);
  await sql.end();
  server = await ServerProcess.start({
    MODE: 'hq',
    PORT: String(await freePort()),
    DATABASE_URL: db.url,
    ADMIN_PIN: '1234',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PIN_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
  });
});

afterAll(async () => {
  await server?.kill('SIGTERM');
  await db.drop();
});

/** The log lines (pino JSON) with this message. */
function logged(msg: string): any[] {
  return server.log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter((line) => line.msg === msg);
}

const SECRET = "Secret O'Brien 4111-1111-1111-1111";
const CODE = 'SECRET-CODE-42';

/** What is left of the insert: its shape, with every value a `?`, and PostgreSQL's own message. */
const INSERT =
  'insert into "department" ("id", "created_at", "updated_at", "name", "code", "deleted_at") values (?, ?, ?, ?, ?, NULL) returning "version" - department refused';

it('logs a failed statement of a REST request and of a GraphQL request without its values', async () => {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', pin: '1234' }),
  });
  const token = ((await login.json()) as any).data.accessToken;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

  const rest = await fetch(`${server.url}/api/v1/departments`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: SECRET, code: CODE }),
  });
  expect([rest.status, await rest.json()]).toEqual([
    500,
    { success: false, error: 'Internal server error', code: 'INTERNAL' },
  ]);
  const gql = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      query: 'mutation ($name: String!, $code: String) { createDepartment(name: $name, code: $code) { id } }',
      variables: { name: SECRET, code: CODE },
    }),
  });
  expect(((await gql.json()) as any).errors).toEqual([
    { message: 'Internal server error', path: ['createDepartment'], extensions: { code: 'INTERNAL' } },
  ]);

  const [restLine] = await eventually(
    async () => logged('REST request failed').length === 1 && logged('REST request failed'),
  );
  const [gqlLine] = await eventually(
    async () => logged('GraphQL request failed').length === 1 && logged('GraphQL request failed'),
  );
  for (const line of [restLine, gqlLine]) {
    expect(line.err).toEqual({
      type: 'DriverException',
      message: INSERT,
      stack: expect.stringMatching(
        /^DriverException: insert into "department" .* - department refused\n\s+at /,
      ),
      code: 'P0001',
      severity: 'ERROR',
      routine: 'exec_stmt_raise',
      path: ['createDepartment'],
    });
  }
  // Nowhere in what the server printed: not the name, not the code, not the detail.
  expect(server.log).toContain('department refused');
  expect(server.log).not.toContain('Secret');
  expect(server.log).not.toContain('4111');
  expect(server.log).not.toContain(CODE);
  expect(server.log).not.toContain('name was');
  // And nothing was written.
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  expect((await sql.query('select count(*)::int as n from department')).rows).toEqual([{ n: 0 }]);
  await sql.end();
});

it('keeps the shape of a statement and the names PostgreSQL gives, never a literal (captured logger)', async () => {
  const lines: any[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );
  const orm = await MikroORM.init(ormOptions(db.url));
  try {
    const failure = await orm.em
      .fork()
      .execute('select ? as a, ? as b, ? as c where ?::uuid is null and ? > 0', [
        "O'Brien \\ 4111",
        'plain 4111',
        -12.5,
        'not-a-uuid 4111',
        4111,
      ])
      .catch((err: unknown) => err);
    // What knex and MikroORM made of it: every value in the message.
    expect(String((failure as Error).message)).toContain('4111');
    logger.error({ err: failure }, 'failed');
  } finally {
    await orm.close(true);
  }
  await eventually(async () => lines.length === 1);
  expect(lines[0].err).toEqual({
    type: 'DriverException',
    message:
      'select  ? as a, ? as b, ? as c where ?::uuid is null and ? > ? - invalid input syntax for type uuid: "?"',
    stack: expect.stringMatching(/^DriverException: select {2}\? as a/),
    code: '22P02',
    severity: 'ERROR',
    routine: expect.any(String),
  });
  expect(JSON.stringify(lines)).not.toContain('4111');
  expect(JSON.stringify(lines)).not.toContain('Brien');
});
