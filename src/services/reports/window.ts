import { invalid } from '../core/errors.js';
import { addDays, startOfLocalDay } from '../core/time.js';

/** Days a report or a list covers, inclusive, in the store's own calendar (`YYYY-MM-DD`); either end may be open. */
export interface DateRange {
  dateFrom?: string | null;
  dateTo?: string | null;
}

/** A checked range of store-local days: `dateFrom` ≤ `dateTo`; null leaves that side open. */
export interface ReportWindow {
  readonly dateFrom: string | null;
  readonly dateTo: string | null;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkedDate(field: string, value: string | null | undefined): string | null {
  if (value == null) return null;
  // A real calendar day: 2026-02-30 does not survive the round trip.
  const day = new Date(`${value}T00:00:00Z`);
  if (!LOCAL_DATE.test(value) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw invalid(field, 'must be a calendar date (YYYY-MM-DD)');
  }
  return value;
}

/** Checks a range of days: each a calendar date, the last not before the first (400 naming `dateTo`). */
export function reportWindow(range: DateRange): ReportWindow {
  const dateFrom = checkedDate('dateFrom', range.dateFrom);
  const dateTo = checkedDate('dateTo', range.dateTo);
  if (dateFrom && dateTo && dateTo < dateFrom) {
    // Names no argument in the message: REST clients spell it date_from, GraphQL ones dateFrom.
    throw invalid('dateTo', `must not be before the first day asked for (${dateFrom})`);
  }
  return { dateFrom, dateTo };
}

/**
 * The window as instants in one time zone, half open: from the first day's local midnight to the local
 * midnight after the last day (null: open). A day is 23 or 25 hours long across a clock change.
 */
export function windowBounds(window: ReportWindow, timezone: string): { from: Date | null; to: Date | null } {
  return {
    from: window.dateFrom ? startOfLocalDay(window.dateFrom, timezone) : null,
    to: window.dateTo ? startOfLocalDay(addDays(window.dateTo, 1), timezone) : null,
  };
}

/**
 * SQL: the first instant of a local day, `date` and `zone` being SQL expressions (a parameter, a store's
 * `timezone` column). PostgreSQL's reading of local midnight, which `startOfLocalDay` follows.
 */
export function dayStartSql(date: string, zone: string): string {
  return `((${date})::timestamp at time zone ${zone})`;
}

/**
 * SQL conditions keeping a `timestamptz` column inside the window, the zone read per row (rows of several
 * stores, each in its own zone): bounds are instants, so an index on the column serves them.
 */
export function windowConditions(
  window: ReportWindow,
  column: string,
  zone: string,
): Array<{ sql: string; params: string[] }> {
  const conditions: Array<{ sql: string; params: string[] }> = [];
  if (window.dateFrom) {
    conditions.push({ sql: `${column} >= ${dayStartSql('?::date', zone)}`, params: [window.dateFrom] });
  }
  if (window.dateTo) {
    conditions.push({ sql: `${column} < ${dayStartSql('?::date + 1', zone)}`, params: [window.dateTo] });
  }
  return conditions;
}

/** SQL: a `timestamptz` column within one local day given as a SQL date expression (a store's today). */
export function localDaySql(column: string, date: string, zone: string): string {
  return `${column} >= ${dayStartSql(date, zone)} and ${column} < ${dayStartSql(`(${date}) + 1`, zone)}`;
}
