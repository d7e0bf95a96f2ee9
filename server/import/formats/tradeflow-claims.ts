import type { RecordReader } from '../record-reader.ts';
import { claimsTable, type ClaimInsert } from '../rows.ts';
import { parseMonth, parseNumber } from '../values.ts';
import type { FormatDefinition } from './format.ts';
import { claimBounds, claimKinds, claimUnits, type ClaimBound, type ClaimKind } from '../../vocabulary.ts';

/** An HS code as the API takes it: 2 to 10 digits. */
const hsCodePattern = /^\d{2,10}$/;

/**
 * A group or product key the catalog knows, or an HS code: the commodity a claim is about, as `/api/claims` takes
 * it, so every stored claim can be found by the commodity a user asks for.
 */
function readCommodity(record: RecordReader): string | undefined {
  const text = record.requiredText('commodity');
  if (text === undefined) return undefined;
  const key = text.toLowerCase();
  const { groups, products } = record.context.catalog;
  if (hsCodePattern.test(key) || groups.has(key) || products.has(key)) return key;
  record.report(
    'commodity',
    'UNKNOWN_COMMODITY',
    `"${text}" is not a commodity group (${[...groups.keys()].join(', ')}), a product key or an HS code`,
  );
  return undefined;
}

/** The source must be one address a reader can open (issue 12, item 4): http(s), nothing around it. */
function readSource(record: RecordReader): string | undefined {
  const text = record.requiredText('source');
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = /\s/.test(text) ? undefined : new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    record.report('source', 'INVALID_SOURCE', `"${text}" is not one http(s) address`);
    return undefined;
  }
  return text;
}

/** The published number: a signed percent for yoy/mom, an amount for a total, nothing for lowest/highest-since. */
function readValue(record: RecordReader, kind: ClaimKind): number | undefined {
  const text = record.text('value');
  if (kind === 'lowest-since' || kind === 'highest-since') {
    if (text !== undefined) record.report('value', 'UNEXPECTED_VALUE', `a ${kind} claim has no value; leave it empty`);
    return undefined;
  }
  if (text === undefined) {
    record.report('value', 'MISSING_VALUE', `a ${kind} claim needs the published number`);
    return undefined;
  }
  const parsed = parseNumber(text, { allowNegative: kind !== 'total' });
  if (!parsed.ok) {
    record.report('value', parsed.code, parsed.message);
    return undefined;
  }
  return parsed.value;
}

/** `period_from`: the first month of a total, the month a lowest/highest-since claim names; none for a change. */
function readPeriodFrom(record: RecordReader, kind: ClaimKind, period: string | undefined): string | undefined {
  const text = record.text('period_from');
  if (kind === 'yoy' || kind === 'mom') {
    if (text !== undefined)
      record.report('period_from', 'UNEXPECTED_VALUE', `a ${kind} claim compares with a fixed month; leave it empty`);
    return undefined;
  }
  if (text === undefined) {
    const what = kind === 'total' ? 'the first month of the total' : 'the month the claim names';
    record.report('period_from', 'MISSING_VALUE', `a ${kind} claim needs ${what}`);
    return undefined;
  }
  const parsed = parseMonth(text, record.now);
  if (!parsed.ok) {
    record.report('period_from', parsed.code, parsed.message);
    return undefined;
  }
  if (period !== undefined) {
    if (kind === 'total' && parsed.value > period)
      record.report('period_from', 'INVALID_PERIOD', `${parsed.value} is after period ${period}`);
    if (kind !== 'total' && parsed.value >= period)
      record.report('period_from', 'INVALID_PERIOD', `the month named (${parsed.value}) must be before ${period}`);
  }
  return parsed.value;
}

function readUnit(record: RecordReader, kind: ClaimKind): string | undefined {
  const text = record.text('unit');
  if (kind !== 'total') {
    if (text !== undefined) record.report('unit', 'UNEXPECTED_VALUE', `only a total has a unit, not a ${kind} claim`);
    return undefined;
  }
  if (text === undefined) {
    record.report('unit', 'MISSING_VALUE', `a total needs its unit (${claimUnits.join(', ')})`);
    return undefined;
  }
  return record.oneOf('unit', claimUnits);
}

/** `bound`: empty is `exact`; only a total can be a bound ("more than 1 million barrels"). */
function readBound(record: RecordReader, kind: ClaimKind): ClaimBound | undefined {
  if (record.text('bound') === undefined) return 'exact';
  const bound = record.oneOf('bound', claimBounds);
  if (bound !== undefined && bound !== 'exact' && kind !== 'total') {
    record.report('bound', 'UNEXPECTED_VALUE', `only a total can be a bound, not a ${kind} claim`);
    return undefined;
  }
  return bound;
}

/** Published claims about a series, each with its source (docs/formats.md#claims). */
export const tradeflowClaims: FormatDefinition<ClaimInsert> = {
  name: 'claims',
  description: 'Tradeflow published claims (commodity, reporter, partner, period, kind, value, source)',
  columns: [
    { name: 'commodity', required: true },
    { name: 'reporter', required: true },
    { name: 'partner', required: true },
    { name: 'period', required: true },
    { name: 'kind', required: true },
    { name: 'value', required: false },
    { name: 'unit', required: false },
    { name: 'bound', required: false },
    { name: 'period_from', required: false },
    { name: 'source', required: true },
    { name: 'quote', required: false },
    { name: 'note', required: false },
  ],

  normalize(record: RecordReader): ClaimInsert | undefined {
    const commodity = readCommodity(record);
    const reporter = record.country('reporter');
    const partner = record.country('partner');
    const period = record.month('period');
    const kind = record.oneOf('kind', claimKinds);
    const source = readSource(record);
    if (kind === undefined) return undefined;
    const value = readValue(record, kind);
    const unit = readUnit(record, kind);
    const bound = readBound(record, kind);
    const periodFrom = readPeriodFrom(record, kind, period);
    if (!record.ok || !commodity || !reporter || !partner || !period || !source || !bound) return undefined;
    return {
      commodity,
      reporter,
      partner,
      period,
      kind,
      value: value ?? null,
      unit: unit ?? null,
      bound,
      periodFrom: periodFrom ?? null,
      source,
      quote: record.text('quote') ?? null,
      note: record.text('note') ?? null,
    };
  },

  keyOf: (row) =>
    `${row.commodity}|${row.reporter}|${row.partner}|${row.period}|${row.kind}|${row.unit ?? ''}|${row.bound}|${row.periodFrom ?? ''}|${row.source}`,
  table: claimsTable,
};
