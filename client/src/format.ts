/**
 * Pure formatting: numbers, units, months, changes, statuses. English (en-GB month names, thousands with commas),
 * independent of the browser's locale so a screenshot or a copied sentence reads the same everywhere.
 * Table tests: tests/unit/client-format.test.ts.
 */
import type { Change, Headline, PointStatus } from './api-types.ts';
import { countryName } from './labels.ts';

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Typographic minus: it lines up with digits and is read as "minus" by screen readers. */
const minus = '\u2212';

function monthIndex(period: string): { year: string; month: number } | null {
  const match = /^(\d{4})-(\d{2})/.exec(period);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { year: match[1] ?? '', month };
}

/**
 * "2017-11" as a count of months (2017 × 12 + 10), so months can be subtracted and shifted; NaN for anything that is
 * not exactly a month. The page's one month arithmetic (runs, gaps, the check's comparison months, chart labels).
 */
export function monthOrdinal(month: string): number {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : NaN;
}

/** The month a monthOrdinal counts: monthOrdinal(ordinalMonth(n)) === n. */
export function ordinalMonth(ordinal: number): string {
  return `${String(Math.floor(ordinal / 12)).padStart(4, '0')}-${String((ordinal % 12) + 1).padStart(2, '0')}`;
}

/** "2017-11" → "Nov 2017". Anything that is not a month is returned as it came. */
export function formatMonth(period: string): string {
  const parts = monthIndex(period);
  if (!parts) return period;
  return `${(monthNames[parts.month - 1] ?? '').slice(0, 3)} ${parts.year}`;
}

/** "2017-11" → "November 2017". */
export function formatMonthLong(period: string): string {
  const parts = monthIndex(period);
  if (!parts) return period;
  return `${monthNames[parts.month - 1] ?? ''} ${parts.year}`;
}

/** Months with consecutive runs joined: ["2021-01", "2021-02", "2021-07"] → "Jan–Feb 2021, Jul 2021". */
export function formatMonthRuns(periods: readonly string[]): string {
  const runs: [string, string][] = [];
  for (const period of [...new Set(periods)].sort()) {
    const last = runs[runs.length - 1];
    if (last && monthOrdinal(last[1]) + 1 === monthOrdinal(period)) last[1] = period;
    else runs.push([period, period]);
  }
  return runs
    .map(([first, last]) => {
      if (first === last) return formatMonth(first);
      const sameYear = first.slice(0, 4) === last.slice(0, 4);
      return `${sameYear ? formatMonth(first).slice(0, 3) : formatMonth(first)}–${formatMonth(last)}`;
    })
    .join(', ');
}

/** "2017-11-29" → "29 Nov 2017". */
export function formatDate(date: string): string {
  const match = /^(\d{4}-\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${Number(match[2])} ${formatMonth(match[1] ?? '')}`;
}

const unitNames: Record<string, { short: string; long: string }> = {
  t: { short: 't', long: 'tonnes' },
  kg: { short: 'kg', long: 'kilograms' },
  bbl: { short: 'bbl', long: 'barrels' },
  usd: { short: 'US$', long: 'US dollars' },
  m3: { short: 'm³', long: 'cubic metres' },
  l: { short: 'l', long: 'litres' },
  u: { short: 'units', long: 'units' },
};

export function unitLabel(unit: string): string {
  return unitNames[unit]?.long ?? unit;
}

/** Digits shown: whole numbers for large amounts, up to two decimals below 100 (a 5 t month stays "5 t"). */
export function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 2;
  const text = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(Math.abs(value));
  return value < 0 ? `${minus}${text}` : text;
}

/** A value with its unit: "12,135 t", "US$7,300,000", "91,909 bbl". null is a month that was not reported. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return 'not reported';
  if (unit === 'usd') return value < 0 ? `${minus}US$${formatNumber(-value)}` : `US$${formatNumber(value)}`;
  return `${formatNumber(value)} ${unitNames[unit]?.short ?? unit}`;
}

/** Axis ticks: "12k", "1.5M". */
export function formatCompact(value: number): string {
  const text = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(
    Math.abs(value),
  );
  return value < 0 ? `${minus}${text}` : text;
}

/**
 * A percentage already in percent units (the API sends -82.0 for −82%): "−82%", "+4.8%", "0%". Whole percent from
 * 10 up, one decimal below, the size rounded half up: −22.5 is "−23%", as the API's headline sentence says it
 * ("down 23%", server/queries/headline.ts; tests/unit/client-format.test.ts holds the two to the same digits).
 */
export function formatPercent(percent: number): string {
  const size = Math.abs(percent);
  let rounded = size >= 10 ? Math.round(size) : Math.round(size * 10) / 10;
  // −99.8% must not read as −100% (a fall to zero): keep as many decimals as it takes to stay short of 100.
  for (let digits = 1; percent < 0 && rounded === 100 && size < 100 && digits <= 4; digits += 1) {
    const scale = 10 ** digits;
    rounded = Math.round(size * scale) / scale;
  }
  if (rounded === 0) return '0%';
  const text = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 }).format(rounded);
  return `${percent < 0 ? minus : '+'}${text}%`;
}

/** A share between 0 and 1: 0.1838 → "18.4%". */
export function formatShare(share: number): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(share * 100)}%`;
}

/**
 * A month-over-month or year-over-year change. null means one side was not reported, so there is no change to
 * state; a null percent means the earlier month was zero.
 */
export function formatChange(change: Change | null, unit: string): string {
  if (change === null) return 'n/a (a month is not reported)';
  if (change.absolute === 0) return change.percent === null ? 'unchanged at zero' : 'unchanged';
  const sign = change.absolute > 0 ? '+' : '';
  const absolute = `${sign}${formatValue(change.absolute, unit)}`;
  if (change.percent === null) return `${absolute} (from zero)`;
  return `${formatPercent(change.percent)} (${absolute})`;
}

/** The short form for tables and cards: "−82%", "+455 t from zero", "n/a". */
export function formatChangeShort(change: Change | null, unit: string): string {
  if (change === null) return 'n/a';
  if (change.absolute === 0) return change.percent === null ? 'unchanged at zero' : 'unchanged';
  if (change.percent === null)
    return `${change.absolute > 0 ? '+' : ''}${formatValue(change.absolute, unit)} from zero`;
  return formatPercent(change.percent);
}

const statusLabels: Record<PointStatus, string> = {
  reported: 'reported',
  'reported-zero': 'reported zero',
  'not-reported': 'not reported',
  estimated: 'estimated',
};

export function formatStatus(status: string): string {
  return statusLabels[status as PointStatus] ?? status;
}

/** A reporter's or partner's name for its ISO3 code: "China", "Côte d’Ivoire" (labels.ts). */
export function reporterName(code: string): string {
  return countryName(code);
}

/** Who publishes a customs series, by reporter: the title names the publisher of what is on the chart. */
const customsPublishers: Record<string, string> = {
  CHN: 'China customs (GAC)',
  RUS: 'Russian customs (FCS)',
};

/**
 * The publishers of a selection, for titles and downloads: "China customs (GAC)" only when China is the reporter;
 * "Russia's notifications to the UN 1718 Committee"; "press reports of tanker calls" for shipments.
 */
export function publisherName(source: string, reporters: readonly string[]): string {
  const names = reporters.map(countryName);
  const list = names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
  if (source === 'customs') {
    const publishers = reporters.map((code) => customsPublishers[code] ?? `${countryName(code)}'s customs`);
    return publishers.length <= 2
      ? publishers.join(' and ')
      : `${publishers.slice(0, -1).join(', ')} and ${publishers.at(-1) ?? ''}`;
  }
  if (source === 'un1718') return `${list}'s notifications to the UN 1718 Committee`;
  if (source === 'shipments') return 'press reports of dated tanker calls';
  return source;
}

/** "https://www.reuters.com/article/…" → "reuters.com"; a citation that is not an address is returned as is. */
export function sourceHost(source: string): string {
  try {
    const url = new URL(source);
    return url.hostname.replace(/^(www|m|in|web0)\./, '');
  } catch {
    return source;
  }
}

export function isHttpUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** The label of one series in legends, tables and tooltips: "Refined petroleum products, China". */
export function seriesLabel(series: { commodityLabel: string; reporter: string }): string {
  return `${series.commodityLabel}, ${reporterName(series.reporter)}`;
}

/**
 * "Lowest since January 2018": of the two runs (lowest since, highest since) the longer one is the news, as in the
 * API's sentence; with nothing lower (or higher) earlier, it is the lowest (highest) in the data. Never "Record", and
 * never a bare "since", when a month compared is a sum of parts or its sources disagree (issue 12): the wording then
 * says so ("lowest reported since Aug 2016 (partial figures)").
 */
export function formatRecord(headline: Headline): [string, string] | null {
  if (headline.value === null || headline.earlierReportedMonths === 0) return null;
  const caveats: string[] = [];
  if (headline.partial || headline.partialMonths.length > 0) caveats.push('partial figures');
  if (headline.conflictMonths.length > 0)
    caveats.push(`sources disagree for ${formatMonthRuns(headline.conflictMonths)}`);
  const caveat = caveats.length > 0 ? ` (${caveats.join('; ')})` : '';
  const since = headline.firstReportedMonth ? ` since ${formatMonth(headline.firstReportedMonth)}` : '';
  // "Record" only when every month since the first reported one was reported: the lowest of 7 months reported
  // across 16 is not a record (issue 12: rice, November 2017, which the press called "the lowest since March").
  const reported = headline.earlierReportedMonths + 1;
  const unreported = headline.firstReportedMonth
    ? monthOrdinal(headline.month) - monthOrdinal(headline.firstReportedMonth) + 1 - reported
    : 0;
  const gaps = unreported > 0 ? `, ${formatNumber(unreported)} not reported` : '';
  // With a caveat or gaps the label carries the words ("Lowest reported"), the value the period and what qualifies it.
  const record = (which: 'lowest' | 'highest'): [string, string] => {
    const Which = which === 'lowest' ? 'Lowest' : 'Highest';
    if (gaps) return [`${Which} of ${formatNumber(reported)} reported months`, `${since.trim()}${gaps}${caveat}`];
    return caveat
      ? [`${Which} reported`, `${since.trim() || 'in the data'}${caveat}`]
      : ['Record', `${which} reported${since}`];
  };
  if (headline.lowestSince === null) return record('lowest');
  if (headline.highestSince === null) return record('highest');
  // Equal to an earlier month: neither lowest nor highest since then is news (the API's sentence skips it too).
  if (headline.lowestSince === headline.highestSince) return null;
  const lowest = headline.lowestSince < headline.highestSince;
  return [
    lowest ? 'Lowest since' : 'Highest since',
    `${formatMonthLong(lowest ? headline.lowestSince : headline.highestSince)}${caveat}`,
  ];
}
