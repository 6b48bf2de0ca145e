import pg from 'pg';
import { addDays, startOfLocalDay } from '../../src/services/core/time';
import { dayStartSql } from '../../src/services/reports/window';
import { createTestDatabase } from '../support/database';

/**
 * The report window is computed in two places: in SQL per row (a store's `timezone` column) and in
 * JavaScript for one known zone. Both must read local midnight alike, clock changes included.
 */
it("reads every local midnight as PostgreSQL does, across clock changes and the calendar's own jumps", async () => {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const cases: Array<[string, string]> = [];
    const around = (timezone: string, date: string) => {
      for (let d = -2; d <= 2; d++) cases.push([timezone, addDays(date, d)]);
    };
    around('UTC', '2026-03-29');
    around('Europe/London', '2026-03-29');
    around('Europe/London', '2026-10-25');
    around('America/New_York', '2026-03-08');
    around('America/New_York', '2026-11-01');
    around('America/Sao_Paulo', '2018-11-04');
    around('America/Sao_Paulo', '2019-02-17');
    around('America/Havana', '2025-11-02');
    around('America/Havana', '2026-03-08');
    around('Asia/Kolkata', '2026-01-01');
    around('Australia/Lord_Howe', '2026-04-05');
    around('Pacific/Apia', '2011-12-30');
    const { rows } = await client.query<{ at: Date }>(
      `select ${dayStartSql('d.date', 'd.zone')} as at
         from unnest($1::date[], $2::text[]) with ordinality as d (date, zone, n) order by d.n`,
      [cases.map(([, date]) => date), cases.map(([zone]) => zone)],
    );
    const inSql = rows.map((row, i) => `${cases[i].join(' ')} ${row.at.toISOString()}`);
    const inJs = cases.map(([zone, date]) => `${zone} ${date} ${startOfLocalDay(date, zone).toISOString()}`);
    expect(inJs).toEqual(inSql);
  } finally {
    await client.end();
    await db.drop();
  }
});
