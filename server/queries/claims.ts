/**
 * Published claims about a series, each set beside what Tradeflow computes for it from the customs series
 * (loadSeries) and judged by the pure rules of claim-verdict.ts.
 */
import type { Db } from '../db/connection.ts';
import type { ClaimInsert } from '../import/rows.ts';
import { InvalidParameterError } from '../errors.ts';
import type { ClaimVerdict } from '../vocabulary.ts';
import { checkClaim, type ClaimCheck } from './claim-verdict.ts';
import { listCommodityGroups, resolveCommodity } from './commodities.ts';
import { addMonths, type PointStatus, type SeriesPoint } from './series-math.ts';
import { loadSeries, type SeriesRequest } from './series.ts';
import { prepareCached } from './statements.ts';

export interface ClaimsRequest {
  commodity: string;
  reporter: string;
  partner: string;
  /** YYYY-MM: only the claims about this month; undefined: every claim about the series. */
  month?: string;
}

/** A claim as the claims format stores it, with where it is stored. */
export interface StoredClaim extends ClaimInsert {
  id: number;
  dataset: string;
  line: number;
}

/** A month the check read, with its sources, so a reader can open each figure the verdict rests on. */
export interface CheckedFigure {
  period: string;
  value: number | null;
  status: PointStatus;
  partial: boolean;
  conflict: boolean;
  sources: string[];
  otherSources: Array<{ dataset: string; value: number | null; sources: string[] }>;
}

export interface CheckedClaim extends StoredClaim {
  verdict: ClaimVerdict;
  computed: ClaimCheck['computed'];
  reason: string;
  /** What the computation read: the customs series, in this unit. */
  computedFrom: { source: 'customs'; unit: string } | null;
  figures: CheckedFigure[];
}

const claimsSql = `SELECT c.id, d.name AS dataset, c.line, c.commodity, c.reporter, c.partner, c.period, c.kind,
    c.value, c.unit, c.period_from AS periodFrom, c.source, c.quote, c.note
  FROM claims c JOIN datasets d ON d.id = c.dataset_id
  WHERE c.commodity = @commodity AND c.reporter = @reporter AND c.partner = @partner
    AND (@month IS NULL OR c.period = @month)
  ORDER BY c.period, c.kind, c.id`;

export function readClaims(db: Db, request: ClaimsRequest): StoredClaim[] {
  return prepareCached<{ commodity: string; reporter: string; partner: string; month: string | null }, StoredClaim>(
    db,
    claimsSql,
  ).all({
    commodity: request.commodity,
    reporter: request.reporter,
    partner: request.partner,
    month: request.month ?? null,
  });
}

/** The first month a claim's check needs; undefined: every month of the data (lowest/highest-since looks back). */
function firstMonthNeeded(claim: StoredClaim): string | undefined {
  if (claim.kind === 'yoy') return addMonths(claim.period, -12);
  if (claim.kind === 'mom') return addMonths(claim.period, -1);
  if (claim.kind === 'total') return claim.periodFrom ?? claim.period;
  return undefined;
}

function toFigure(point: SeriesPoint): CheckedFigure {
  return {
    period: point.period,
    value: point.value,
    status: point.status,
    partial: point.partial,
    conflict: point.conflict,
    sources: point.sources,
    otherSources: point.otherSources.map((o) => ({ dataset: o.dataset, value: o.value, sources: o.sources })),
  };
}

function checkOne(db: Db, claim: StoredClaim, now: Date): CheckedClaim {
  if (claim.kind === 'total' && claim.unit === 'calls') {
    return {
      ...claim,
      verdict: 'cannot-check',
      computed: null,
      reason: 'a count of tanker calls: the customs figures Tradeflow computes from count no calls',
      computedFrom: null,
      figures: [],
    };
  }
  const unit = claim.kind === 'total' && claim.unit !== null ? claim.unit : 't';
  const request: SeriesRequest = {
    commodities: [claim.commodity],
    reporters: [claim.reporter],
    partner: claim.partner,
    direction: 'export',
    source: 'customs',
    measure: unit === 'usd' ? 'value' : 'quantity',
    unit: unit as SeriesRequest['unit'],
    interval: 'month',
    from: firstMonthNeeded(claim),
    to: claim.period,
  };
  let points: SeriesPoint[];
  try {
    points = loadSeries(db, request, now).series[0]?.points ?? [];
  } catch (error) {
    // The series cannot be given as the claim needs it (a unit without a conversion factor): the claim stays
    // listed, with the reason, instead of failing the whole answer.
    if (!(error instanceof InvalidParameterError)) throw error;
    return {
      ...claim,
      verdict: 'cannot-check',
      computed: null,
      reason: error.message,
      computedFrom: null,
      figures: [],
    };
  }
  const check = checkClaim(claim, points);
  const read = new Set(check.months);
  return {
    ...claim,
    verdict: check.verdict,
    computed: check.computed,
    reason: check.reason,
    computedFrom: { source: 'customs', unit },
    figures: points.filter((p) => read.has(p.period)).map(toFigure),
  };
}

export function loadClaims(
  db: Db,
  request: ClaimsRequest,
  now: Date,
): { query: Omit<ClaimsRequest, 'month'> & { month: string | null }; claims: CheckedClaim[] } {
  // An unknown commodity is a bad parameter, not an empty answer (the same check as /api/series).
  const selection = resolveCommodity(listCommodityGroups(db), request.commodity);
  const currentMonth = now.toISOString().slice(0, 7);
  if (request.month !== undefined && request.month > currentMonth) {
    throw new InvalidParameterError(
      'month',
      `${request.month} is after the current month ${currentMonth}: nothing can have been reported yet`,
    );
  }
  const normalized = { ...request, commodity: selection.key };
  const claims = readClaims(db, normalized).map((claim) => checkOne(db, claim, now));
  return { query: { ...normalized, month: request.month ?? null }, claims };
}
