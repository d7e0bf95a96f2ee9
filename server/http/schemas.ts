/**
 * Query-string parameters of every endpoint, validated with zod. Any failure becomes an InvalidParameterError that
 * names the parameter; unknown, repeated and empty parameters are refused too, so a typo (`form=2017-01`) is an
 * error rather than silently ignored.
 */
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { AppError, InvalidParameterError } from '../errors.ts';
import { directions, eventCategories, seriesUnits } from '../vocabulary.ts';

/** Earliest period any parameter accepts, as for imported data (server/import/values.ts). */
const minYear = 1900;

type RawQuery = Record<string, unknown>;

/**
 * The parameters as plain strings: each at most once, never empty, none outside `allowed`. Express's "simple"
 * query parser gives an array for a repeated parameter (`?from=a&from=b`).
 */
export function readQuery(query: RawQuery, allowed: readonly string[]): Record<string, string> {
  // `?=x` (or a stray `&=`) arrives as a parameter named '': "unknown parameter" after an empty name reads as
  // ": unknown parameter", so it gets its own message, and its (empty) name in `parameter` like any other.
  if (Object.hasOwn(query, '')) {
    throw new AppError(400, 'invalid-parameter', 'a parameter has no name (as in "?=x" or "&=&"); remove it', '');
  }
  const unknown = Object.keys(query).filter((name) => !allowed.includes(name));
  const [first] = unknown;
  if (first !== undefined) {
    const expected =
      allowed.length > 0 ? `this endpoint takes ${allowed.join(', ')}` : 'this endpoint takes no parameters';
    throw new InvalidParameterError(
      first,
      `unknown parameter${unknown.length > 1 ? ` (also ${unknown.slice(1).join(', ')})` : ''}; ${expected}`,
    );
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string')
      throw new InvalidParameterError(name, 'given more than once; give it once (lists are comma-separated)');
    if (value.trim() === '')
      throw new InvalidParameterError(name, 'is empty; give a value or leave the parameter out for its default');
    result[name] = value.trim();
  }
  return result;
}

/** Runs a zod schema over the parameters; the first problem becomes a 400 naming its parameter. */
export function parseParams<T extends z.ZodObject>(schema: T, query: RawQuery): z.output<T> {
  const raw = readQuery(query, Object.keys(schema.shape));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const parameter = String(issue?.path[0] ?? 'query');
  if (raw[parameter] === undefined) throw new InvalidParameterError(parameter, 'is required');
  throw new InvalidParameterError(parameter, issue?.message ?? 'is not valid');
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `"${String(issue.input)}" is not one of ${values.join(', ')}` });
}

const monthPattern = /^(\d{4})-(\d{2})$/;
const yearPattern = /^\d{4}$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM`: a real month, not before 1900. */
export const month = z.string().superRefine((text, context) => {
  const match = monthPattern.exec(text);
  if (!match) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a month in the form YYYY-MM` });
    return;
  }
  const number = Number(match[2]);
  if (number < 1 || number > 12)
    context.addIssue({ code: 'custom', message: `"${text}": month ${match[2]} is not 01 to 12` });
  else if (Number(match[1]) < minYear) context.addIssue({ code: 'custom', message: `"${text}" is before ${minYear}` });
});

/** `YYYY-MM` or `YYYY`: the endpoints turn a year into its first or last month, or a month into its year. */
const period = z.string().superRefine((text, context) => {
  if (yearPattern.test(text)) {
    if (Number(text) < minYear) context.addIssue({ code: 'custom', message: `"${text}" is before ${minYear}` });
    return;
  }
  if (!monthPattern.test(text)) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a month (YYYY-MM) or a year (YYYY)` });
    return;
  }
  const checked = month.safeParse(text);
  if (!checked.success)
    context.addIssue({ code: 'custom', message: checked.error.issues[0]?.message ?? 'not a month' });
});

export const date = z.string().superRefine((text, context) => {
  const match = datePattern.exec(text);
  if (!match) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a date in the form YYYY-MM-DD` });
    return;
  }
  const [year, monthNumber, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, monthNumber - 1, day));
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== monthNumber - 1 || parsed.getUTCDate() !== day) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a calendar date` });
  } else if (year < minYear) context.addIssue({ code: 'custom', message: `"${text}" is before ${minYear}` });
});

/** An ISO 3166-1 alpha-3 code, any case, returned upper-case. */
const country = z
  .string()
  .refine((text) => /^[A-Za-z]{3}$/.test(text) && countries.isValid(text.toUpperCase()), {
    error: (issue) => `"${String(issue.input)}" is not an ISO 3166-1 alpha-3 country code (CHN, RUS, PRK, …)`,
  })
  .transform((text) => text.toUpperCase());

/** A comma-separated list without empty items or repeats. */
function list<T extends z.ZodType<string>>(item: T, max: number) {
  return z.string().transform((text, context) => {
    const items = text.split(',').map((part) => part.trim());
    if (items.some((part) => part === '')) {
      context.addIssue({ code: 'custom', message: `"${text}" has an empty item; separate values with single commas` });
      return z.NEVER;
    }
    if (items.length > max) {
      context.addIssue({ code: 'custom', message: `at most ${max} values, not ${items.length}` });
      return z.NEVER;
    }
    const values: string[] = [];
    for (const part of items) {
      const checked = item.safeParse(part);
      if (!checked.success) {
        context.addIssue({ code: 'custom', message: checked.error.issues[0]?.message ?? `"${part}" is not valid` });
        return z.NEVER;
      }
      if (values.includes(checked.data)) {
        context.addIssue({ code: 'custom', message: `${checked.data} is listed twice` });
        return z.NEVER;
      }
      values.push(checked.data);
    }
    return values;
  });
}

/** A group or product key (any case) or an HS code; whether it exists is checked against the catalog later. */
const commodityToken = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,40}$/, {
    error: (issue) => `"${String(issue.input)}" is not a commodity key (refined-oil, corn, …) or an HS code`,
  })
  .transform((text) => text.toLowerCase());

export const seriesSources = ['customs', 'un1718', 'shipments'] as const;
export const measures = ['quantity', 'value'] as const;
export const quantityUnits = ['kg', 't', 'bbl'] as const;
export const intervals = ['month', 'year'] as const;

/** `GET /api/series` and `/api/series.csv`. Defaults that depend on other parameters are filled in by the handler. */
export const seriesParams = z.object({
  commodity: list(commodityToken, 12),
  reporter: list(country, 10).optional(),
  partner: country.optional(),
  direction: oneOf(directions).optional(),
  source: oneOf(seriesSources).optional(),
  measure: oneOf(measures).optional(),
  unit: oneOf(seriesUnits).optional(),
  from: period.optional(),
  to: period.optional(),
  interval: oneOf(intervals).optional(),
});

export const headlineParams = z.object({
  commodity: commodityToken,
  reporter: country.optional(),
  month,
  partner: country.optional(),
  direction: oneOf(directions).optional(),
  source: oneOf(seriesSources).optional(),
  measure: oneOf(measures).optional(),
  unit: oneOf(seriesUnits).optional(),
});

export const capParams = z.object({
  year: z.string().regex(yearPattern, { error: (issue) => `"${String(issue.input)}" is not a year (YYYY)` }),
});

export const shipmentsParams = z.object({
  from: date.optional(),
  to: date.optional(),
  origin: country.optional(),
  destination: country.optional(),
  unit: oneOf(quantityUnits).optional(),
});

export const eventsParams = z.object({
  from: date.optional(),
  to: date.optional(),
  category: list(oneOf(eventCategories), eventCategories.length).optional(),
});

/** `GET /api/claims`: the published claims about one series, and how each compares with the data. */
export const claimsParams = z.object({
  commodity: commodityToken,
  reporter: country.optional(),
  partner: country.optional(),
  month: month.optional(),
});

/** A whole number in [min, max], written in digits. */
function wholeNumber(min: number, max: number) {
  return z.string().transform((text, context) => {
    const value = Number(text);
    if (!/^\d{1,10}$/.test(text) || value < min || value > max) {
      context.addIssue({ code: 'custom', message: `"${text}" is not a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return value;
  });
}

/** The most rows one page of `GET /api/datasets/:name/rows` gives. */
export const maxRowsPerPage = 1000;

/** `GET /api/datasets/:name/rows`: a page of one dataset's rows, filtered by what its kind has. */
export const datasetRowsParams = z.object({
  offset: wholeNumber(0, 1_000_000_000).optional(),
  limit: wholeNumber(1, maxRowsPerPage).optional(),
  from: month.optional(),
  to: month.optional(),
  commodity: commodityToken.optional(),
  reporter: country.optional(),
  partner: country.optional(),
});

export const noParams = z.object({});

/** Range checks shared by the endpoints: `from` not after `to`, neither after `latest` (today or this month). */
export function checkRange(from: string | undefined, to: string | undefined, latest: string, what: string): void {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && value > latest) {
      throw new InvalidParameterError(
        name,
        `${value} is after the current ${what} ${latest}: nothing can have been reported yet`,
      );
    }
  }
  if (from !== undefined && to !== undefined && from > to)
    throw new InvalidParameterError('from', `${from} is after to (${to})`);
}
