/**
 * Pure wording of the "Check a claim" panel (issue 12, item 7): which months a claim about a month is compared
 * with, what a published claim says, and the verdict in plain words. The verdict itself is the server's
 * (server/queries/claim-verdict.ts): the page never recomputes it. Table tests: tests/unit/client-format-claims.test.ts.
 */
import type { CheckedClaim } from './api-types.ts';
import { formatMonthLong, formatValue, monthOrdinal, ordinalMonth } from './format.ts';

const minus = '\u2212';

/** "2017-11" moved by `delta` months: shift('2017-01', -1) is "2016-12". null for anything that is not a month. */
export function shiftMonth(month: string, delta: number): string | null {
  const ordinal = monthOrdinal(month);
  return Number.isNaN(ordinal) ? null : ordinalMonth(ordinal + delta);
}

export interface ComparedMonth {
  period: string;
  /** "Month checked", "Month before", "Year before". */
  role: string;
}

/** The month checked and the two a published change compares it with (m/m and y/y), in that order. */
export function comparedMonths(month: string): ComparedMonth[] {
  const before = shiftMonth(month, -1);
  const yearBefore = shiftMonth(month, -12);
  if (before === null || yearBefore === null) return [];
  return [
    { period: month, role: 'Month checked' },
    { period: before, role: 'Month before' },
    { period: yearBefore, role: 'Year before' },
  ];
}

/** A signed percentage as published or computed, with as many decimals as it has: −82%, −63.9%, +4,586%. */
export function formatSignedPercent(percent: number): string {
  const text = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(Math.abs(percent));
  if (percent === 0) return '0%';
  return `${percent < 0 ? minus : '+'}${text}%`;
}

/** How a total is meant: the figure, or a bound ("more than 1,000,000 bbl"). */
const boundWords: Readonly<Record<CheckedClaim['bound'], string>> = {
  exact: '',
  'more-than': 'more than ',
  'less-than': 'less than ',
};

/** What the claim says, in a few words: "−82% from a year earlier", "lowest since January 2017". */
export function describeClaim(
  claim: Pick<CheckedClaim, 'kind' | 'value' | 'unit' | 'periodFrom' | 'period'> & Partial<Pick<CheckedClaim, 'bound'>>,
): string {
  const from = claim.periodFrom === null ? '' : formatMonthLong(claim.periodFrom);
  switch (claim.kind) {
    case 'yoy':
      return `${claim.value === null ? '?' : formatSignedPercent(claim.value)} from a year earlier`;
    case 'mom':
      return `${claim.value === null ? '?' : formatSignedPercent(claim.value)} from the month before`;
    case 'total':
      return `${boundWords[claim.bound ?? 'exact']}${formatValue(claim.value, claim.unit ?? '')} in total, ${from} to ${formatMonthLong(claim.period)}`;
    case 'lowest-since':
      return `lowest since ${from}`;
    case 'highest-since':
      return `highest since ${from}`;
    default:
      return String(claim.kind);
  }
}

/** The verdict as the panel shows it: "agrees", "disagrees", "cannot be checked". */
export function verdictLabel(verdict: CheckedClaim['verdict']): string {
  if (verdict === 'cannot-check') return 'cannot be checked';
  return verdict;
}

/** The verdict's sentence: the label, then the server's reason (both figures, or why it cannot be checked). */
export function verdictSentence(claim: Pick<CheckedClaim, 'verdict' | 'reason'>): string {
  const label = verdictLabel(claim.verdict);
  // The server writes ASCII minus signs; the page prints the typographic one, as everywhere else.
  const reason = claim.reason.replace(/(^|[\s(])-(?=\d)/g, `$1${minus}`).replace(/\.$/, '');
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${reason}.`;
}
