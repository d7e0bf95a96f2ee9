/**
 * Published claims about a series, each set beside what Tradeflow computes for it from the customs series
 * (loadSeries) and judged by the pure rules of claim-verdict.ts.
 */
import type { Db } from '../db/connection.ts';
import type { ClaimInsert } from '../import/rows.ts';
import { InvalidParameterError } from '../errors.ts';
import type { ClaimVerdict, SeriesUnit } from '../vocabulary.ts';
import type { SeriesSource } from './series/types.ts';
import { checkClaim, type ClaimCheck } from './claim-verdict.ts';
import { listCommodityGroups, resolveCommodity, type CommodityGroup, type CommoditySelection } from './commodities.ts';
import { addMonths, listMonths, monthName, type PointStatus, type SeriesPoint } from './series-math.ts';
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
  /** A shipments month: the dated shipments (tanker calls) it lists. */
  count?: number;
}

export interface CheckedClaim extends StoredClaim {
  verdict: ClaimVerdict;
  computed: ClaimCheck['computed'];
  reason: string;
  /** What the computation read: the series' source and unit; null when no series could be read. */
  computedFrom: ComputedFrom | null;
  figures: CheckedFigure[];
}

const claimsSql = `SELECT c.id, d.name AS dataset, c.line, c.commodity, c.reporter, c.partner, c.period, c.kind,
    c.value, c.unit, c.bound, c.period_from AS periodFrom, c.source, c.quote, c.note
  FROM claims c JOIN datasets d ON d.id = c.dataset_id
  WHERE c.commodity IN (SELECT value FROM json_each(@commodities)) AND c.reporter = @reporter AND c.partner = @partner
    AND (@month IS NULL OR c.period = @month)
  ORDER BY c.period, c.kind, c.id`;

/**
 * The names a commodity's claims may be stored under: a group and its HS heading are the same series ("rice" and
 * "1006"), so a claim stored as one is found by the other.
 */
function storedNames(groups: readonly CommodityGroup[], selection: CommoditySelection): string[] {
  const names = new Set([selection.key]);
  if (selection.kind === 'group') names.add(selection.hsPrefix);
  if (selection.kind === 'hs') for (const g of groups) if (g.hsPrefix === selection.hsCode) names.add(g.key);
  return [...names];
}

function readClaims(db: Db, request: ClaimsRequest, commodityNames: readonly string[]): StoredClaim[] {
  return prepareCached<{ commodities: string; reporter: string; partner: string; month: string | null }, StoredClaim>(
    db,
    claimsSql,
  ).all({
    commodities: JSON.stringify(commodityNames),
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
    ...(point.count === undefined ? {} : { count: point.count }),
  };
}

/** Where a claim's months are computed from: the series (source and unit) and whether it counts shipments. */
interface ComputedFrom {
  source: SeriesSource;
  unit: SeriesUnit;
}

/**
 * The series that can check a claim, in the order tried. A change or a lowest/highest-since: the customs figures in
 * tonnes. A count of tanker calls: the dated shipments. Any other total: its unit in the customs figures, then (for
 * refined oil) the 1718 notifications and the shipments' published volumes: "over 1 million barrels from Russia"
 * has no customs figure behind it, and is checked against what Russia notified or what the sightings carried.
 */
function candidateSources(claim: StoredClaim, groupKey: string | null): ComputedFrom[] {
  if (claim.kind !== 'total' || claim.unit === null) return [{ source: 'customs', unit: 't' }];
  if (claim.unit === 'calls') return [{ source: 'shipments', unit: 'bbl' }];
  const unit = claim.unit as SeriesUnit;
  const sources: ComputedFrom[] = [{ source: 'customs', unit }];
  if (groupKey === 'refined-oil' && (unit === 'bbl' || unit === 't')) {
    sources.push({ source: 'un1718', unit }, { source: 'shipments', unit });
  }
  return sources;
}

const sourceWords: Readonly<Record<SeriesSource, string>> = {
  customs: 'customs figures',
  un1718: '1718 Committee notifications',
  shipments: 'shipment volumes',
};

function loadPoints(db: Db, claim: StoredClaim, from: ComputedFrom, now: Date): SeriesPoint[] {
  const request: SeriesRequest = {
    commodities: [claim.commodity],
    reporters: [claim.reporter],
    partner: claim.partner,
    direction: 'export',
    source: from.source,
    measure: from.unit === 'usd' ? 'value' : 'quantity',
    unit: from.unit,
    interval: 'month',
    from: firstMonthNeeded(claim),
    to: claim.period,
  };
  return loadSeries(db, request, now).series[0]?.points ?? [];
}

function checkOne(db: Db, claim: StoredClaim, groupKey: string | null, now: Date): CheckedClaim {
  const candidates = candidateSources(claim, groupKey);
  const reasons: string[] = [];
  let lastRead: SeriesPoint[] | undefined;
  for (const from of candidates) {
    let points: SeriesPoint[];
    try {
      points = loadPoints(db, claim, from, now);
    } catch (error) {
      // The series cannot be given as the claim needs it (a unit without a conversion factor, a source that does
      // not hold this commodity): the next source is tried, and the claim stays listed with the reason.
      if (!(error instanceof InvalidParameterError)) throw error;
      reasons.push(error.message);
      continue;
    }
    lastRead = points;
    // A total's series is asked for its months only (loadPoints), so every point read is one of them.
    const counts = from.source === 'shipments' && claim.unit === 'calls';
    if (counts || candidates.length === 1 || points.some((p) => p.value !== null)) {
      return judged(claim, from, points);
    }
    const listed = points.reduce((n, p) => n + (p.count ?? 0), 0);
    reasons.push(
      from.source === 'shipments' && listed > 0
        ? `the data lists ${listed} shipment${listed === 1 ? '' : 's'} but no published volume`
        : `no ${sourceWords[from.source]}`,
    );
  }
  // Every source tried came back empty (or could not be read): nothing to add up, and the reason says what is there.
  const months = listMonths(firstMonthNeeded(claim) ?? claim.period, claim.period);
  const span = `${monthName(months[0] ?? claim.period)} to ${monthName(claim.period)}`;
  return {
    ...claim,
    verdict: 'cannot-check',
    computed: null,
    reason:
      candidates.length === 1
        ? reasons.join('; ')
        : `nothing in the data from ${span} to add up: ${reasons.join('; ')}`,
    computedFrom: null,
    figures: lastRead === undefined ? [] : figuresRead(lastRead, months),
  };
}

function figuresRead(points: readonly SeriesPoint[], months: readonly string[]): CheckedFigure[] {
  const read = new Set(months);
  return points.filter((p) => read.has(p.period)).map(toFigure);
}

function judged(claim: StoredClaim, from: ComputedFrom, points: SeriesPoint[]): CheckedClaim {
  const check = checkClaim(claim, points);
  return {
    ...claim,
    verdict: check.verdict,
    computed: check.computed,
    reason: check.reason,
    computedFrom: from,
    figures: figuresRead(points, check.months),
  };
}

export function loadClaims(
  db: Db,
  request: ClaimsRequest,
  now: Date,
): { query: Omit<ClaimsRequest, 'month'> & { month: string | null }; claims: CheckedClaim[] } {
  // An unknown commodity is a bad parameter, not an empty answer (the same check as /api/series).
  const groups = listCommodityGroups(db);
  const selection = resolveCommodity(groups, request.commodity);
  const currentMonth = now.toISOString().slice(0, 7);
  if (request.month !== undefined && request.month > currentMonth) {
    throw new InvalidParameterError(
      'month',
      `${request.month} is after the current month ${currentMonth}: nothing can have been reported yet`,
    );
  }
  const normalized = { ...request, commodity: selection.key };
  const claims = readClaims(db, normalized, storedNames(groups, selection)).map((claim) =>
    checkOne(db, claim, selection.groupKey, now),
  );
  return { query: { ...normalized, month: request.month ?? null }, claims };
}
