import { startOfLocalDay } from '../../src/services/core/time';
import {
  dayStartSql,
  localDaySql,
  reportWindow,
  windowBounds,
  windowConditions,
} from '../../src/services/reports/window';

const bounds = (dateFrom: string, dateTo: string, timezone: string) => {
  const { from, to } = windowBounds(reportWindow({ dateFrom, dateTo }), timezone);
  return [from?.toISOString(), to?.toISOString()];
};
const hours = (dateFrom: string, dateTo: string, timezone: string) => {
  const { from, to } = windowBounds(reportWindow({ dateFrom, dateTo }), timezone);
  return (to!.getTime() - from!.getTime()) / 3_600_000;
};

describe('reportWindow', () => {
  it('keeps a range of days, either end open', () => {
    expect(reportWindow({ dateFrom: '2026-03-01', dateTo: '2026-03-31' })).toEqual({
      dateFrom: '2026-03-01',
      dateTo: '2026-03-31',
    });
    expect(reportWindow({ dateFrom: '2026-03-01', dateTo: '2026-03-01' }).dateTo).toBe('2026-03-01');
    expect(reportWindow({ dateTo: '2026-03-01' })).toEqual({ dateFrom: null, dateTo: '2026-03-01' });
    expect(reportWindow({ dateFrom: null })).toEqual({ dateFrom: null, dateTo: null });
  });

  it('refuses a last day before the first with a 400 naming dateTo, as listing sales always did', () => {
    expect(() => reportWindow({ dateFrom: '2026-03-02', dateTo: '2026-03-01' })).toThrow(
      expect.objectContaining({
        extensions: { code: 'VALIDATION', field: 'dateTo' },
        message: 'dateTo: must not be before the first day asked for (2026-03-02)',
      }),
    );
  });

  it.each([
    ['dateFrom', { dateFrom: '2026-02-30' }],
    ['dateFrom', { dateFrom: '2026-3-01' }],
    ['dateTo', { dateTo: '2026-13-01' }],
    ['dateTo', { dateTo: '2026-03-01T00:00' }],
  ])('refuses what is not a calendar day, naming %s', (field, range) => {
    expect(() => reportWindow(range)).toThrow(
      expect.objectContaining({
        extensions: { code: 'VALIDATION', field },
        message: `${field}: must be a calendar date (YYYY-MM-DD)`,
      }),
    );
  });
});

describe('windowBounds', () => {
  it('runs from the first local midnight to the midnight after the last day', () => {
    expect(bounds('2026-01-05', '2026-01-05', 'UTC')).toEqual([
      '2026-01-05T00:00:00.000Z',
      '2026-01-06T00:00:00.000Z',
    ]);
    expect(bounds('2026-01-01', '2026-01-31', 'America/New_York')).toEqual([
      '2026-01-01T05:00:00.000Z',
      '2026-02-01T05:00:00.000Z',
    ]);
    // East of UTC, and off the hour.
    expect(bounds('2026-01-01', '2026-01-01', 'Asia/Kolkata')).toEqual([
      '2025-12-31T18:30:00.000Z',
      '2026-01-01T18:30:00.000Z',
    ]);
    expect(windowBounds(reportWindow({ dateTo: '2026-01-01' }), 'UTC')).toEqual({
      from: null,
      to: new Date('2026-01-02T00:00:00Z'),
    });
  });

  it('makes the day clocks go forward 23 hours long, and the day they go back 25 (London, New York)', () => {
    expect(bounds('2026-03-29', '2026-03-29', 'Europe/London')).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T23:00:00.000Z',
    ]);
    expect(bounds('2026-10-25', '2026-10-25', 'Europe/London')).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-26T00:00:00.000Z',
    ]);
    expect(hours('2026-03-08', '2026-03-08', 'America/New_York')).toBe(23);
    expect(hours('2026-11-01', '2026-11-01', 'America/New_York')).toBe(25);
    // A week across the change: 7 × 24 − 1 hours.
    expect(hours('2026-03-26', '2026-04-01', 'Europe/London')).toBe(167);
  });

  it('starts a day whose midnight the clocks skip at the change itself (São Paulo 2018, Havana 2026)', () => {
    // 00:00 −03 became 01:00 −02 at 03:00 UTC.
    expect(startOfLocalDay('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(hours('2018-11-04', '2018-11-04', 'America/Sao_Paulo')).toBe(23);
    expect(startOfLocalDay('2026-03-08', 'America/Havana').toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });

  it('starts a day whose midnight occurs twice at the later one, as PostgreSQL reads it (Havana 2025)', () => {
    // 01:00 −04 went back to 00:00 −05: local midnight was 04:00 and again 05:00 UTC.
    expect(startOfLocalDay('2025-11-02', 'America/Havana').toISOString()).toBe('2025-11-02T05:00:00.000Z');
    expect(startOfLocalDay('2025-11-01', 'America/Havana').toISOString()).toBe('2025-11-01T04:00:00.000Z');
    // The windows still tile: each instant belongs to exactly one day.
    expect(bounds('2025-11-01', '2025-11-01', 'America/Havana')[1]).toBe(
      bounds('2025-11-02', '2025-11-02', 'America/Havana')[0],
    );
  });

  it('gives a day the calendar skipped an empty window (Samoa, 30 December 2011)', () => {
    expect(hours('2011-12-30', '2011-12-30', 'Pacific/Apia')).toBe(0);
    expect(hours('2011-12-29', '2011-12-31', 'Pacific/Apia')).toBe(48);
  });
});

describe('the SQL bounds', () => {
  it('turn days into instants per row, so an index on the column serves them', () => {
    expect(
      windowConditions(
        reportWindow({ dateFrom: '2026-03-01', dateTo: '2026-03-31' }),
        's.sold_at',
        'st.timezone',
      ),
    ).toEqual([
      { sql: 's.sold_at >= ((?::date)::timestamp at time zone st.timezone)', params: ['2026-03-01'] },
      { sql: 's.sold_at < ((?::date + 1)::timestamp at time zone st.timezone)', params: ['2026-03-31'] },
    ]);
    expect(windowConditions(reportWindow({}), 's.sold_at', 'st.timezone')).toEqual([]);
    expect(localDaySql('s.sold_at', 'd.today', 'st.timezone')).toBe(
      `s.sold_at >= ${dayStartSql('d.today', 'st.timezone')} and s.sold_at < ${dayStartSql('(d.today) + 1', 'st.timezone')}`,
    );
  });
});
