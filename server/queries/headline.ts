/**
 * The facts a reporter writes about one month ("down 64% from a year earlier, the lowest since …") and one plain
 * sentence built from them. Only reported months are compared; a month that was not reported is said to be so.
 */
import { createRequire } from 'node:module';
import countries, { type LocaleData } from 'i18n-iso-countries';
import type { Db } from '../db/connection.ts';
import { InvalidParameterError } from '../errors.ts';
import { unitWords } from './conversion.ts';
import {
  addMonths,
  findExtremesSince,
  monthName,
  type Change,
  type OtherSource,
  type PointStatus,
} from './series-math.ts';
import {
  iterateSeries,
  planSeries,
  type Direction,
  type Measure,
  type SeriesConversion,
  type SeriesIdentity,
  type SeriesSource,
  type SeriesUnit,
} from './series.ts';

export interface HeadlineRequest {
  commodity: string;
  reporter: string;
  partner: string;
  direction: Direction;
  source: SeriesSource;
  measure: Measure;
  unit: SeriesUnit;
  /** YYYY-MM */
  month: string;
}

export interface Headline extends SeriesIdentity {
  month: string;
  value: number | null;
  status: PointStatus;
  partial: boolean;
  yoy: Change | null;
  mom: Change | null;
  /** The same month a year earlier and the month before, as compared (value null: not reported). */
  yearEarlier: { period: string; value: number | null };
  previousMonth: { period: string; value: number | null };
  /** Most recent earlier reported month with a value at or below this one; null: none (lowest in the data). */
  lowestSince: string | null;
  /** Most recent earlier reported month with a value at or above this one; null: none (highest in the data). */
  highestSince: string | null;
  /** How many earlier months had a value, and the first of them: what "lowest since" was judged against. */
  earlierReportedMonths: number;
  firstReportedMonth: string | null;
  conversion: SeriesConversion | null;
  sources: string[];
  note: string | null;
  /** The month's published notes, and what other datasets say about it (docs/api.md, "Several sources"). */
  notes: string[];
  datasets: string[];
  otherSources: OtherSource[];
  conflict: boolean;
  /**
   * Months the headline compares (the month, the year before, the month before, and the months its "lowest/highest
   * since" was judged over) whose sources disagree, and those whose figure is a partial sum: the sentence says so.
   */
  conflictMonths: string[];
  partialMonths: string[];
  sentence: string;
}

export function loadHeadline(db: Db, request: HeadlineRequest, now: Date): Headline {
  const currentMonth = now.toISOString().slice(0, 7);
  if (request.month > currentMonth) {
    throw new InvalidParameterError(
      'month',
      `${request.month} is after the current month ${currentMonth}: nothing can have been reported yet`,
    );
  }
  const plan = planSeries(
    db,
    {
      ...request,
      commodities: [request.commodity],
      reporters: [request.reporter],
      interval: 'month',
      to: request.month,
    },
    now,
  );
  const [series] = [...iterateSeries(db, plan)];
  const index = series?.points.findIndex((p) => p.period === request.month) ?? -1;
  const point = series?.points[index];
  if (!series || !point) throw new InvalidParameterError('month', `${request.month} could not be read`);
  const byPeriod = new Map(series.points.map((p) => [p.period, p.value]));
  const yearEarlier = addMonths(request.month, -12);
  const previousMonth = addMonths(request.month, -1);
  const extremes = findExtremesSince(series.points, index);
  // What "lowest since" was judged over: back to the month it names, or every reported month when it names none.
  const since =
    extremes.lowestSince !== null && extremes.highestSince !== null
      ? extremes.lowestSince < extremes.highestSince
        ? extremes.lowestSince
        : extremes.highestSince
      : extremes.firstReported;
  const compared = series.points.filter(
    (p) =>
      p.value !== null &&
      ((since !== null && p.period >= since && p.period <= request.month) ||
        p.period === request.month ||
        p.period === yearEarlier ||
        p.period === previousMonth),
  );
  const headline: Omit<Headline, 'sentence'> = {
    commodity: series.commodity,
    commodityLabel: series.commodityLabel,
    reporter: series.reporter,
    partner: series.partner,
    direction: series.direction,
    source: series.source,
    measure: series.measure,
    month: request.month,
    value: point.value,
    unit: series.unit,
    status: point.status,
    partial: point.partial,
    yoy: point.change.yoy,
    mom: point.change.mom,
    // The series starts at the first month with data, so earlier months are simply not in it (not reported).
    yearEarlier: { period: yearEarlier, value: byPeriod.get(yearEarlier) ?? null },
    previousMonth: { period: previousMonth, value: byPeriod.get(previousMonth) ?? null },
    lowestSince: extremes.lowestSince,
    highestSince: extremes.highestSince,
    earlierReportedMonths: extremes.earlierReported,
    firstReportedMonth: extremes.firstReported,
    conversion: series.conversion,
    sources: point.sources,
    note: point.note ?? null,
    notes: point.notes,
    datasets: point.datasets,
    otherSources: point.otherSources,
    conflict: point.conflict,
    conflictMonths: compared.filter((p) => p.conflict).map((p) => p.period),
    partialMonths: compared.filter((p) => p.partial).map((p) => p.period),
  };
  return { ...headline, sentence: buildHeadlineSentence(headline) };
}

const countryNames: Readonly<Record<string, string>> = {
  CHN: 'China',
  RUS: 'Russia',
  PRK: 'North Korea',
  KOR: 'South Korea',
  USA: 'the United States',
  JPN: 'Japan',
};

// Read with require: the built server keeps packages external, and esbuild drops a JSON import's `with` attribute,
// which Node 20 then refuses (tests/integration/server-start.test.ts runs the bundle).
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json') as LocaleData);

/** A country as a sentence names it: the wires' names for the usual ones, else its English name, else the code. */
export function countryName(code: string): string {
  return countryNames[code] ?? countries.getName(code, 'en') ?? code;
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatAmount(value: number, unit: SeriesUnit): string {
  if (unit === 'usd') return `US$${numberFormat.format(value)}`;
  const word = unitWords[unit] ?? unit;
  return `${numberFormat.format(value)} ${value === 1 ? word.replace(/s$/, '') : word}`;
}

/** "64%" for large changes, "4.8%" under ten, as the wires print them. */
export function formatPercent(percent: number): string {
  const size = Math.abs(percent);
  // A fall of 99.99% is "more than 99%", never "100%" (which would say the flow stopped).
  if (size > 99 && size < 100) return 'more than 99%';
  return `${size >= 10 ? Math.round(size) : Math.round(size * 10) / 10}%`;
}

function commodityNoun(label: string, commodity: string): string {
  if (/^\d+$/.test(commodity)) return `goods under HS ${commodity}`;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** Against "a year earlier" or a month ("October 2017", which takes "in" after "zero"). */
function describeChange(change: Change, against: { year: true } | { month: string }): string {
  const from = 'month' in against ? against.month : 'a year earlier';
  if (change.absolute === 0) return `unchanged from ${from}`;
  if (change.percent === null) return `up from zero ${'month' in against ? `in ${from}` : from}`;
  return `${change.absolute > 0 ? 'up' : 'down'} ${formatPercent(change.percent)} from ${from}`;
}

export function buildHeadlineSentence(facts: Omit<Headline, 'sentence'>): string {
  const reporter = countryName(facts.reporter);
  const partner = countryName(facts.partner);
  const noun = commodityNoun(facts.commodityLabel, facts.commodity);
  const when = monthName(facts.month);
  let subject: string;
  if (facts.source === 'un1718')
    subject = `${possessive(reporter)} deliveries of ${noun} to ${partner} notified to the UN 1718 Committee`;
  else if (facts.source === 'shipments') subject = `Recorded shipments of ${noun} from ${reporter} to ${partner}`;
  else if (facts.direction === 'export' || facts.direction === 're-export')
    subject = `${possessive(reporter)} ${facts.direction}s of ${noun} to ${partner}`;
  else subject = `${possessive(reporter)} ${facts.direction}s of ${noun} from ${partner}`;
  // "the United States' exports …" opens a sentence.
  subject = subject.charAt(0).toUpperCase() + subject.slice(1);

  if (facts.value === null) {
    const why =
      facts.status === 'not-reported'
        ? 'were not reported'
        : `were reported, but not in ${unitWords[facts.unit] ?? facts.unit}`;
    return `${subject} in ${when} ${why}.`;
  }
  const amount = facts.value === 0 ? 'zero' : formatAmount(facts.value, facts.unit);
  // "at least zero" says nothing: a partial sum of zeros is "zero" with the next sentence saying which parts.
  const qualifier =
    facts.partial && facts.value > 0 ? 'at least ' : facts.status === 'estimated' ? 'an estimated ' : '';
  const sentences: string[] = [];
  const yearEarlier = monthName(facts.yearEarlier.period);
  const previous = monthName(facts.previousMonth.period);
  let first = `${subject} in ${when} ${facts.measure === 'value' ? 'were worth' : 'were'} ${qualifier}${amount}`;
  if (facts.yoy && facts.yearEarlier.value !== null) {
    first += `, ${describeChange(facts.yoy, { year: true })} (${formatAmount(facts.yearEarlier.value, facts.unit)} in ${yearEarlier})`;
  }
  if (facts.mom) first += `${facts.yoy ? ' and' : ','} ${describeChange(facts.mom, { month: previous })}`;
  sentences.push(`${first}.`);
  if (facts.partial) {
    sentences.push(
      facts.value === 0
        ? 'Every part published was zero; no complete total was published.'
        : 'That is the sum of the parts published; no complete total was published.',
    );
  }
  const gaps = [!facts.yoy ? yearEarlier : undefined, !facts.mom ? previous : undefined].filter((m) => m !== undefined);
  if (gaps.length === 2)
    sentences.push(`${yearEarlier} and ${previous} were not reported, so there is no comparison with either.`);
  else if (!facts.yoy) sentences.push(`${yearEarlier} was not reported, so there is no year-on-year comparison.`);
  else if (!facts.mom) sentences.push(`${previous} was not reported, so there is no month-on-month comparison.`);

  const compared = facts.earlierReportedMonths;
  if (compared === 0) {
    sentences.push('It is the first month reported in the data.');
  } else if (facts.firstReportedMonth !== null) {
    const months = `of the ${compared + 1} months reported since ${monthName(facts.firstReportedMonth)}`;
    if (facts.lowestSince === null) sentences.push(`It was the lowest ${months}.`);
    else if (facts.highestSince === null) sentences.push(`It was the highest ${months}.`);
    else {
      // The longer run is the news: "the lowest since March" when the months since March were all higher.
      const lowest = facts.lowestSince < facts.highestSince;
      const since = lowest ? facts.lowestSince : facts.highestSince;
      if (since !== addMonths(facts.month, -1)) {
        sentences.push(
          `Among the months reported, it was the ${lowest ? 'lowest' : 'highest'} since ${monthName(since)}.`,
        );
      }
    }
  }
  if (facts.conflictMonths.length > 0) {
    const months = facts.conflictMonths.map(monthName);
    sentences.push(
      `Sources disagree for ${listWords(months)}: the figures above use the most recently imported one, and these comparisons may not hold.`,
    );
  }
  const otherPartial = facts.partialMonths.filter((m) => m !== facts.month);
  if (otherPartial.length > 0 && compared > 0) {
    sentences.push(
      `${otherPartial.length === 1 ? `${monthName(otherPartial[0] ?? '')} is` : `${otherPartial.length} of the months compared are`} a sum of the parts published, not a total.`,
    );
  }
  return sentences.join(' ');
}

/** "A", "A and B", "A, B and C". */
function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
