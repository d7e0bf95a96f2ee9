import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { readDataVersion } from '../../queries/datasets.ts';
import { iterateSeries, loadSeries, planSeries, type SeriesRequest, type SeriesQuery } from '../../queries/series.ts';
import type { OtherSource } from '../../queries/series-math.ts';
import { csvFileName, csvLine, numberCell, streamCsv, textCell } from '../csv.ts';
import { dataCacheControlOf, sendData, type ApiDeps } from '../respond.ts';
import { parseParams, seriesParams } from '../schemas.ts';

/** The series request from the query string, with the defaults that depend on other parameters (docs/api.md). */
export function readSeriesRequest(req: Request, now: Date): SeriesRequest {
  return readSeriesQuery(req.query, now);
}

/** The same from a query object (the preview image reads the series part of a page's address with it). */
export function readSeriesQuery(query: Record<string, unknown>, now: Date): SeriesRequest {
  const params = parseParams(seriesParams, query);
  const source = params.source ?? 'customs';
  const measure = params.measure ?? 'quantity';
  const interval = params.interval ?? 'month';
  // 1718 notifications and shipments are counted in barrels (the cap's unit); customs in tonnes.
  const unit = params.unit ?? (measure === 'value' ? 'usd' : source === 'customs' ? 't' : 'bbl');
  const currentMonth = now.toISOString().slice(0, 7);
  const toPeriod = (text: string | undefined, end: 'first' | 'last'): string | undefined => {
    if (text === undefined) return undefined;
    if (interval === 'year') return text.slice(0, 4);
    if (text.length === 7) return text;
    // A year in a monthly query means its first or last month (this year: up to this month).
    const month = `${text}-${end === 'first' ? '01' : '12'}`;
    return end === 'last' && month > currentMonth && text === currentMonth.slice(0, 4) ? currentMonth : month;
  };
  return {
    commodities: params.commodity,
    reporters: params.reporter ?? ['CHN', 'RUS'],
    partner: params.partner ?? 'PRK',
    direction: params.direction ?? 'export',
    source,
    measure,
    unit,
    interval,
    from: toPeriod(params.from, 'first'),
    to: toPeriod(params.to, 'last'),
  };
}

export function seriesHandler({ db, now }: ApiDeps): RequestHandler {
  return (req, res) => {
    const at = now();
    sendData(res, loadSeries(db, readSeriesRequest(req, at), at));
  };
}

export const seriesCsvColumns = [
  'series',
  'commodity',
  'reporter',
  'partner',
  'source',
  'period',
  'value',
  'unit',
  'status',
  'mom_absolute',
  'mom_percent',
  'yoy_absolute',
  'yoy_percent',
  'conversion_factor',
  'conversion_source',
  'sources',
  'partial',
  'note',
  'datasets',
  'other_sources',
  'conflict',
  'published_notes',
] as const;

/** Bumped whenever the CSV's columns or content rules change, so cached downloads are not reused. */
const csvLayoutVersion = '2';

/** Another source's figure in one cell: `dataset: value unit (status; agrees|differs)`. */
function describeOtherSource(other: OtherSource, unit: string): string {
  const figure = other.value === null ? 'not reported' : `${other.value} ${unit}`;
  const verdict = other.agrees === null ? '' : other.agrees ? '; agrees' : '; differs';
  return `${other.dataset}: ${figure} (${other.status}${verdict})`;
}

export function seriesFileName(query: SeriesQuery): string {
  return csvFileName([
    'tradeflow',
    query.commodity.join('+'),
    query.reporter.join('+'),
    query.partner,
    query.direction === 'export' ? undefined : query.direction,
    query.source,
    query.measure,
    query.unit,
    query.from,
    query.to,
    query.interval === 'year' ? 'yearly' : undefined,
  ]);
}

export function seriesCsvHandler({ db, now }: ApiDeps): RequestHandler {
  return async (req, res) => {
    const at = now();
    // Everything that can refuse the request is checked here, before the first byte is sent.
    const plan = planSeries(db, readSeriesRequest(req, at), at);
    // The download is streamed, so its ETag cannot hash the body: it hashes what the body is made from.
    const tag = createHash('sha256')
      .update(JSON.stringify([csvLayoutVersion, readDataVersion(db), plan.query]))
      .digest('base64url');
    res.set({ ETag: `W/"${tag}"`, 'Cache-Control': dataCacheControlOf(res) });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    function* lines(): Generator<string> {
      yield csvLine([...seriesCsvColumns]);
      for (const series of iterateSeries(db, plan)) {
        for (const point of series.points) {
          yield csvLine([
            textCell(series.key),
            textCell(series.commodity),
            textCell(series.reporter),
            textCell(series.partner),
            textCell(series.source),
            textCell(point.period),
            numberCell(point.value),
            textCell(series.unit),
            textCell(point.status),
            numberCell(point.change.mom?.absolute),
            numberCell(point.change.mom?.percent),
            numberCell(point.change.yoy?.absolute),
            numberCell(point.change.yoy?.percent),
            numberCell(series.conversion?.barrelsPerTonne),
            textCell(series.conversion?.source),
            textCell(point.sources.join(' | ')),
            point.partial ? 'true' : 'false',
            textCell(
              point.count === undefined
                ? point.note
                : [`${point.count} shipments`, point.note].filter(Boolean).join('; '),
            ),
            textCell(point.datasets.join(' | ')),
            textCell(point.otherSources.map((other) => describeOtherSource(other, series.unit)).join(' | ')),
            point.conflict ? 'true' : 'false',
            textCell(point.notes.join(' | ')),
          ]);
        }
      }
    }
    await streamCsv(res, seriesFileName(plan.query), lines());
  };
}
