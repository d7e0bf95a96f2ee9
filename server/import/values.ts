/**
 * Pure parsers for single CSV values. Each returns the typed value or an error code with a message; they never
 * guess (no locale-dependent numbers, no "Nov 2017" months).
 */
import countries from 'i18n-iso-countries';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(code: string, message: string): Parsed<T> => ({ ok: false, code, message });

const plainNumber = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const thousandsNumber = /^-?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

export interface NumberOptions {
  /** The column's header opted in to `,` as thousands separator (`quantity:thousands`). */
  thousands?: boolean;
  allowNegative?: boolean;
}

export function parseNumber(text: string, options: NumberOptions = {}): Parsed<number> {
  let digits = text;
  if (options.thousands && thousandsNumber.test(text)) digits = text.replaceAll(',', '');
  if (!plainNumber.test(digits)) {
    const hint =
      /\d,\d{3}/.test(text) && !options.thousands ? ' (thousands separators need `:thousands` in the header)' : '';
    return fail('INVALID_NUMBER', `"${text}" is not a number${hint}`);
  }
  const value = Number(digits);
  if (!Number.isFinite(value)) return fail('INVALID_NUMBER', `"${text}" is not a finite number`);
  if (value < 0 && !options.allowNegative) return fail('NEGATIVE_NUMBER', `"${text}" is negative`);
  return ok(value);
}

const monthPattern = /^(\d{4})-(\d{2})$/;
const yearPattern = /^(\d{4})$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Earliest year accepted: the oldest trade statistics anyone will load are post-war. */
const minYear = 1900;

// The importer passes the same Date for every row of a file: remember its month instead of formatting it a million
// times.
let lastNow: Date | undefined;
let lastMonth = '';
export function currentMonth(now: Date): string {
  if (now !== lastNow) {
    lastNow = now;
    lastMonth = now.toISOString().slice(0, 7);
  }
  return lastMonth;
}

export function parseMonth(text: string, now: Date): Parsed<string> {
  const match = monthPattern.exec(text);
  if (!match) return fail('INVALID_PERIOD', `"${text}" is not a month in the form YYYY-MM`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return fail('INVALID_PERIOD', `"${text}": month ${match[2]} is not 01 to 12`);
  if (year < minYear) return fail('INVALID_PERIOD', `"${text}" is before ${minYear}`);
  if (text > currentMonth(now))
    return fail('FUTURE_PERIOD', `"${text}" is after the current month ${currentMonth(now)}`);
  return ok(text);
}

export type Period = { frequency: 'month' | 'year'; period: string };

/** `YYYY-MM` for a month, `YYYY` for a year (annual figures stay annual). */
export function parsePeriod(text: string, now: Date): Parsed<Period> {
  if (yearPattern.test(text)) {
    const year = Number(text);
    if (year < minYear) return fail('INVALID_PERIOD', `"${text}" is before ${minYear}`);
    if (year > now.getUTCFullYear()) return fail('FUTURE_PERIOD', `"${text}" is after the current year`);
    return ok({ frequency: 'year', period: text });
  }
  const month = parseMonth(text, now);
  if (!month.ok) {
    return month.code === 'INVALID_PERIOD' && !monthPattern.test(text)
      ? fail('INVALID_PERIOD', `"${text}" is not a period in the form YYYY-MM (month) or YYYY (year)`)
      : month;
  }
  return ok({ frequency: 'month', period: month.value });
}

export function parseDate(text: string, now: Date): Parsed<string> {
  const match = datePattern.exec(text);
  if (!match) return fail('INVALID_DATE', `"${text}" is not a date in the form YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return fail('INVALID_DATE', `"${text}" is not a calendar date`);
  }
  if (year < minYear) return fail('INVALID_DATE', `"${text}" is before ${minYear}`);
  if (text > now.toISOString().slice(0, 10)) return fail('FUTURE_PERIOD', `"${text}" is after today`);
  return ok(text);
}

export function parseIso3(text: string): Parsed<string> {
  const code = text.toUpperCase();
  if (/^[A-Z]{3}$/.test(code) && countries.isValid(code)) return ok(code);
  return fail('UNKNOWN_COUNTRY', `"${text}" is not an ISO 3166-1 alpha-3 country code`);
}

export type Unit = 'kg' | 't' | 'bbl' | 'm3' | 'l' | 'u';

const unitAliases: Record<string, Unit> = {
  kg: 'kg',
  t: 't',
  tonne: 't',
  tonnes: 't',
  bbl: 'bbl',
  barrel: 'bbl',
  barrels: 'bbl',
  m3: 'm3',
  'm³': 'm3',
  l: 'l',
  u: 'u',
};

export const knownUnits = Object.keys(unitAliases);

export function parseUnit(text: string, allowed?: readonly Unit[]): Parsed<Unit> {
  const unit = unitAliases[text.toLowerCase()];
  if (unit === undefined || (allowed !== undefined && !allowed.includes(unit))) {
    const list = allowed ?? [...new Set(Object.values(unitAliases))];
    return fail('UNKNOWN_UNIT', `"${text}" is not a unit here; expected one of ${list.join(', ')}`);
  }
  return ok(unit);
}

/** Kilograms for a quantity in a mass unit; undefined for volumes and counts (no density is assumed). */
export function toKilograms(quantity: number, unit: Unit): number | undefined {
  if (unit === 'kg') return quantity;
  if (unit === 't') return quantity * 1000;
  return undefined;
}

export function parseOneOf<T extends string>(text: string, allowed: readonly T[], code = 'INVALID_VALUE'): Parsed<T> {
  const found = allowed.find((candidate) => candidate === text.toLowerCase());
  if (found === undefined) return fail(code, `"${text}" is not one of ${allowed.join(', ')}`);
  return ok(found);
}
