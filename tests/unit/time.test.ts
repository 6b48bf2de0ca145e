import { addDays, localDate } from '../../src/services/core/time';

describe('localDate', () => {
  it.each([
    // 04:30 UTC on 1 March: still the evening of 28 February in New York (UTC-5 in winter).
    ['2026-03-01T04:30:00Z', 'America/New_York', '2026-02-28'],
    ['2026-03-01T04:30:00Z', 'Europe/London', '2026-03-01'],
    ['2026-03-01T04:30:00Z', 'UTC', '2026-03-01'],
    // The last and first instants of a New York day.
    ['2026-03-01T04:59:59.999Z', 'America/New_York', '2026-02-28'],
    ['2026-03-01T05:00:00Z', 'America/New_York', '2026-03-01'],
    // Summer time: London is UTC+1, so 23:30 UTC is already the next day there.
    ['2026-07-14T23:30:00Z', 'Europe/London', '2026-07-15'],
    ['2026-07-14T22:59:59Z', 'Europe/London', '2026-07-14'],
    // East of UTC, a day starts before UTC's: Auckland (UTC+13 in January) and Kolkata (UTC+5:30).
    ['2025-12-31T11:00:00Z', 'Pacific/Auckland', '2026-01-01'],
    ['2025-12-31T18:29:59Z', 'Asia/Kolkata', '2025-12-31'],
    ['2025-12-31T18:30:00Z', 'Asia/Kolkata', '2026-01-01'],
  ])('%s in %s is %s', (at, timezone, expected) => {
    expect(localDate(timezone, new Date(at))).toBe(expected);
  });

  it('refuses an unknown time zone', () => {
    expect(() => localDate('Mars/Olympus_Mons', new Date())).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-06-15', 0, '2026-06-15'],
  ])('%s plus %d days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});
