/**
 * Calendar arithmetic in a time zone. Dates travel as `YYYY-MM-DD` strings (the `LocalDate` scalar and
 * `date` columns): comparing two of them as strings compares the days.
 */

// en-CA formats dates as YYYY-MM-DD; building a formatter is costly, so one is kept per zone and kind.
const formatters = new Map<string, Intl.DateTimeFormat>();
const DATE_PARTS = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
const TIME_PARTS = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;

function formatter(timezone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${withTime ? 'T' : 'D'}${timezone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      ...DATE_PARTS,
      ...(withTime ? TIME_PARTS : {}),
    });
    formatters.set(key, format);
  }
  return format;
}

/** The calendar date (`YYYY-MM-DD`) at instant `at` in an IANA time zone; a RangeError for an unknown zone. */
export function localDate(timezone: string, at: Date): string {
  return formatter(timezone, false).format(at);
}

/** The date `days` days after (before, when negative) a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The wall-clock date and time (`YYYY-MM-DD HH:mm:ss`) at instant `at` in an IANA time zone. */
export function localDateTime(timezone: string, at: Date): string {
  const part = Object.fromEntries(
    formatter(timezone, true)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

const DAY_MS = 86_400_000;

/** How far the wall clock of a zone is ahead of UTC at instant `at`, in milliseconds (whole seconds). */
export function zoneOffset(timezone: string, at: number): number {
  const whole = Math.floor(at / 1000) * 1000;
  return Date.parse(`${localDateTime(timezone, new Date(whole)).replace(' ', 'T')}Z`) - whole;
}

/**
 * The first instant of a calendar day (`YYYY-MM-DD`) in an IANA time zone: its local midnight, read as
 * PostgreSQL reads `date::timestamp at time zone zone`, so that bounds computed here and in SQL agree.
 * A midnight skipped by a clock change becomes the instant of the change (the offset before it); a
 * midnight that occurs twice is the later one (the offset after it).
 */
export function startOfLocalDay(date: string, timezone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  const before = zoneOffset(timezone, wall - DAY_MS);
  const after = zoneOffset(timezone, wall + DAY_MS);
  if (before === after) return new Date(wall - before);
  // A clock change within a day of this midnight: which readings of it exist?
  if (zoneOffset(timezone, wall - after) === after) return new Date(wall - after);
  return new Date(wall - before);
}
