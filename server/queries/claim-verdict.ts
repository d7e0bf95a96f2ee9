/**
 * Whether a published claim agrees with what Tradeflow computes, from the monthly points of its series: the rules
 * of docs/api.md "GET /api/claims", kept pure (no database) so they have table tests
 * (tests/unit/claim-verdict.test.ts). A month that was not reported is never read as zero: a claim that needs one
 * cannot be checked, and says which month.
 */
import { addMonths, compareFigures, findExtremesSince, listMonths, monthName, tidy } from './series-math.ts';
import type { ClaimBound, ClaimKind, ClaimVerdict } from '../vocabulary.ts';

/** What a claim says, as stored. */
export interface ClaimStatement {
  kind: ClaimKind;
  /** YYYY-MM: the month the claim is about (a total: its last month). */
  period: string;
  value: number | null;
  unit: string | null;
  /** A total's reading: the figure, or a bound ("more than 1 million barrels"). */
  bound: ClaimBound;
  /** A total's first month, or the month a lowest/highest-since claim names. */
  periodFrom: string | null;
}

/** The fields of a series point the rules read. */
export interface MonthFigure {
  period: string;
  value: number | null;
  partial: boolean;
  conflict: boolean;
  /** A shipments month: how many dated shipments (tanker calls) the data lists; what a total in `calls` counts. */
  count?: number;
}

export interface ClaimCheck {
  verdict: ClaimVerdict;
  /** What Tradeflow computes: a percent (yoy, mom), an amount (total), a month (lowest/highest-since); null: none. */
  computed: number | string | null;
  /** Why, in words: both figures when they disagree, the missing or conflicting month when it cannot be checked. */
  reason: string;
  /** The months the check read, oldest first. */
  months: string[];
}

/** Decimals of a published number as stored: −82 has none, −63.9 one ("82%" stands for 81.5 up to 82.5). */
function decimalsOf(value: number): number {
  const text = String(Math.abs(value));
  const dot = text.indexOf('.');
  return dot === -1 || text.includes('e') ? 0 : text.length - dot - 1;
}

/** Whether a computed percent, rounded as the published one is, equals it. */
export function percentAgrees(published: number, computed: number): boolean {
  const scale = 10 ** decimalsOf(published);
  // Halves round away from zero, so "down 82%" covers −81.5 to −82.4 as "82%" covers 81.5 to 82.4; tidy: 81.5 must
  // not become 81.4999… through floating-point noise in the division.
  const round = (value: number): number => Math.sign(value) * Math.round(Math.abs(tidy(value)));
  return round(computed * scale) === round(published * scale);
}

function formatPercent(value: number): string {
  return `${value > 0 ? '+' : ''}${value}%`;
}

/** The first reason a month's figure cannot be used for a check, or undefined when it can. */
function unusable(figure: MonthFigure | undefined, month: string): string | undefined {
  if (figure === undefined || figure.value === null) return `${monthName(month)} is not in the data`;
  if (figure.conflict) return `conflicting sources for ${monthName(month)}`;
  if (figure.partial) return `the figure for ${monthName(month)} is partial (not a published total)`;
  return undefined;
}

function cannot(reason: string, months: string[], computed: number | string | null = null): ClaimCheck {
  return { verdict: 'cannot-check', computed, reason, months };
}

export function checkClaim(claim: ClaimStatement, points: readonly MonthFigure[]): ClaimCheck {
  const byMonth = new Map(points.map((p) => [p.period, p]));
  if (claim.kind === 'yoy' || claim.kind === 'mom') return checkChange(claim, byMonth);
  if (claim.kind === 'total' && claim.unit === 'calls') return checkCallCount(claim, points);
  if (claim.kind === 'total') return checkTotal(claim, byMonth);
  return checkSince(claim, points);
}

function checkChange(claim: ClaimStatement, byMonth: ReadonlyMap<string, MonthFigure>): ClaimCheck {
  const base = addMonths(claim.period, claim.kind === 'yoy' ? -12 : -1);
  const months = [base, claim.period];
  const published = claim.value;
  if (published === null) return cannot('the claim gives no number', months);
  for (const month of [claim.period, base]) {
    const why = unusable(byMonth.get(month), month);
    if (why !== undefined) return cannot(why, months);
  }
  const before = byMonth.get(base)?.value ?? 0;
  const after = byMonth.get(claim.period)?.value ?? 0;
  if (before === 0) return cannot(`${monthName(base)} is a reported zero: a change from zero has no percent`, months);
  const exact = ((after - before) / before) * 100;
  const computed = Math.round(exact * 10) / 10;
  const agrees = percentAgrees(published, exact);
  return {
    verdict: agrees ? 'agrees' : 'disagrees',
    computed,
    reason: `computed ${formatPercent(computed)} (${after} against ${before} in ${monthName(base)}); published ${formatPercent(published)}`,
    months,
  };
}

function checkTotal(claim: ClaimStatement, byMonth: ReadonlyMap<string, MonthFigure>): ClaimCheck {
  const months = listMonths(claim.periodFrom ?? claim.period, claim.period);
  const published = claim.value;
  if (published === null) return cannot('the claim gives no number', months);
  const missing = months.filter((m) => (byMonth.get(m)?.value ?? null) === null);
  if (missing.length === months.length)
    return cannot(
      `no month from ${monthName(months[0] ?? claim.period)} to ${monthName(claim.period)} is in the data`,
      months,
    );
  if (missing.length > 0)
    return cannot(`not in the data: ${missing.map(monthName).join(', ')} (a month in between is not reported)`, months);
  for (const month of months) {
    const why = unusable(byMonth.get(month), month);
    if (why !== undefined) return cannot(why, months);
  }
  let sum = 0;
  for (const month of months) sum = tidy(sum + (byMonth.get(month)?.value ?? 0));
  const unit = claim.unit === null ? '' : ` ${claim.unit}`;
  return {
    verdict: totalAgrees(claim.bound, published, sum) ? 'agrees' : 'disagrees',
    computed: sum,
    reason: `computed ${sum}${unit} over ${months.length} months; published ${boundWords[claim.bound]}${published}${unit}`,
    months,
  };
}

const boundWords: Readonly<Record<ClaimBound, string>> = {
  exact: '',
  'more-than': 'more than ',
  'less-than': 'less than ',
};

/** Exact: within compareFigures' 0.5%. A bound: on its side, or within the same 0.5% of it ("over 1 million"). */
function totalAgrees(bound: ClaimBound, published: number, computed: number): boolean {
  if (compareFigures(published, computed) === true) return true;
  if (bound === 'more-than') return computed > published;
  if (bound === 'less-than') return computed < published;
  return false;
}

/**
 * A published count of tanker calls against the dated calls the data lists. A list of sightings is never known to
 * be complete, so it is a floor: more listed calls than an exact or "less than" count disagree with it; fewer say
 * nothing against it (cannot be checked, saying how many the data lists).
 */
function checkCallCount(claim: ClaimStatement, points: readonly MonthFigure[]): ClaimCheck {
  const months = listMonths(claim.periodFrom ?? claim.period, claim.period);
  const published = claim.value;
  if (published === null) return cannot('the claim gives no number', months);
  const inRange = new Set(months);
  const listed = points.filter((p) => inRange.has(p.period)).reduce((n, p) => n + (p.count ?? 0), 0);
  const span = `from ${monthName(months[0] ?? claim.period)} to ${monthName(claim.period)}`;
  const said = `the data lists ${listed} dated call${listed === 1 ? '' : 's'} ${span}; published ${boundWords[claim.bound]}${published}`;
  const tooMany = claim.bound === 'less-than' ? listed >= published : claim.bound === 'exact' && listed > published;
  if (tooMany) return { verdict: 'disagrees', computed: listed, reason: said, months };
  const enough = claim.bound === 'more-than' ? listed > published : claim.bound === 'exact' && listed === published;
  if (enough) return { verdict: 'agrees', computed: listed, reason: said, months };
  return cannot(
    `${said}: a list of sightings may be incomplete, so fewer calls say nothing against it`,
    months,
    listed,
  );
}

function checkSince(claim: ClaimStatement, points: readonly MonthFigure[]): ClaimCheck {
  const lowest = claim.kind === 'lowest-since';
  const named = claim.periodFrom ?? claim.period;
  const index = points.findIndex((p) => p.period === claim.period);
  const current = points[index];
  const months = listMonths(named, claim.period);
  const why = unusable(current, claim.period);
  if (current === undefined || why !== undefined)
    return cannot(why ?? `${monthName(claim.period)} is not in the data`, months);
  const extremes = findExtremesSince(points, index);
  const found = lowest ? extremes.lowestSince : extremes.highestSince;
  const word = lowest ? 'lowest' : 'highest';
  const said =
    found === null
      ? `${lowest ? 'lower' : 'higher'} than every earlier reported month`
      : `the ${word} since ${monthName(found)}`;
  // A reported month after the one named is already at or beyond this one: the claim is wrong, whatever the gaps,
  // unless that very month is in question.
  if (found !== null && found > named) {
    const doubt = unusable(
      points.find((p) => p.period === found),
      found,
    );
    if (doubt !== undefined) return cannot(`${doubt}; the data gives ${said}`, months, found);
    return {
      verdict: 'disagrees',
      computed: found,
      reason: `computed: ${said}; published: the ${word} since ${monthName(named)}`,
      months,
    };
  }
  const byMonth = new Map(points.map((p) => [p.period, p]));
  const namedWhy = unusable(byMonth.get(named), named);
  if (namedWhy !== undefined) return cannot(`${namedWhy}; the data gives ${said}`, months, found);
  const gaps = months.filter((m) => (byMonth.get(m)?.value ?? null) === null);
  if (gaps.length > 0)
    return cannot(
      `a month in between is not reported (${gaps.map(monthName).join(', ')}); the data gives ${said}`,
      months,
      found,
    );
  for (const month of months) {
    const doubt = unusable(byMonth.get(month), month);
    if (doubt !== undefined) return cannot(`${doubt}; the data gives ${said}`, months, found);
  }
  return {
    verdict: found === named ? 'agrees' : 'disagrees',
    computed: found,
    reason: `computed: ${said}; published: the ${word} since ${monthName(named)}`,
    months,
  };
}
