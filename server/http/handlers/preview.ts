/**
 * `GET /api/preview.png?<a view's parameters>`: the view's series chart as a 1200×630 PNG, the image of its link
 * preview (og:image, link-preview.ts). It takes the dashboard's own address parameters, so `/?commodity=rice` and
 * `/api/preview.png?commodity=rice` show the same view, with the page's defaults for what is left out.
 *
 * The chart is the dashboard's own SVG (client/src/charts/svg-view.ts, pure and shared with the page's "Download
 * SVG"), from the same series query /api/series answers, rasterised by resvg (@resvg/resvg-js: a maintained Rust
 * SVG renderer with prebuilt binaries in the npm registry). This is the one place the server runs client code, and
 * only pure modules: the preview then shows what the page shows, titles, gaps and events alike.
 *
 * resvg draws text only with fonts it is given: DejaVu Sans from the dejavu-fonts-ttf package, loaded by path, so
 * the image is the same on a server with no fonts installed (system fonts are not read).
 */
import { createRequire } from 'node:module';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { RequestHandler } from 'express';
import { lightTheme } from '../../../client/src/charts/theme.ts';
import { seriesSvg } from '../../../client/src/charts/svg-view.ts';
import { rememberCatalog } from '../../../client/src/labels.ts';
import { parseState, seriesQuery, type ViewState } from '../../../client/src/state.ts';
import { chartFooter, describeTitle, seriesPublishers } from '../../../client/src/views/series-title.ts';
import { InvalidParameterError } from '../../errors.ts';
import { listCommodityGroups } from '../../queries/commodities.ts';
import { listEvents } from '../../queries/events.ts';
import { loadSeries } from '../../queries/series.ts';
import { dataCacheControlOf, type ApiDeps } from '../respond.ts';
import { readQuery } from '../schemas.ts';
import { readSeriesQuery } from './series.ts';

export const previewWidth = 1200;
export const previewHeight = 630;

/** What the image draws from a page's address. */
const drawnParameters = ['chart', 'scale', 'unreported', 'events'] as const;
/** The series query's own (docs/api.md, /api/series). */
const seriesParameters = ['commodity', 'reporter', 'partner', 'source', 'measure', 'unit', 'from', 'to', 'interval'];
/** The page's other parameters: accepted, so a page's whole address works, and not drawn (other panels). */
const pageOnlyParameters = ['change', 'table', 'cap', 'shipFrom', 'shipTo', 'check'];

/**
 * The view from the query: unknown, repeated or empty parameters, and values the page would not accept, are a 400
 * naming the parameter (the page itself sets a bad value aside with a note; an image has nowhere to say so).
 */
export function readPreviewView(query: Record<string, unknown>): ViewState {
  const raw = readQuery(query, [...seriesParameters, ...drawnParameters, ...pageOnlyParameters]);
  const { state, ignored } = parseState(new URLSearchParams(raw));
  const [first] = ignored;
  if (first !== undefined) {
    // parseState's words: `scale=up (expected linear or log)`, or a sentence about the shipments' range.
    const parts = /^([A-Za-z]+)=(.*?) \((expected .*)\)$/.exec(first);
    const parameter = parts?.[1] ?? /^([A-Za-z]+)=/.exec(first)?.[1] ?? 'query';
    throw new InvalidParameterError(parameter, parts ? `"${parts[2] ?? ''}" is not valid; ${parts[3] ?? ''}` : first);
  }
  return state;
}

/** The query of a view's preview image: its series query and what changes the drawing, nothing else. */
export function previewQuery(state: ViewState): string {
  const drawn = new URLSearchParams();
  if (state.chart !== 'bar') drawn.set('chart', state.chart);
  if (state.scale !== 'linear') drawn.set('scale', state.scale);
  if (state.hideUnreported) drawn.set('unreported', 'hide');
  if (state.events !== null) drawn.set('events', state.events.length === 0 ? 'none' : state.events.join(','));
  const rest = drawn.toString().replace(/%2C/gi, ',');
  return rest === '' ? seriesQuery(state) : `${seriesQuery(state)}&${rest}`;
}

let fontFiles: string[] | null = null;

function renderOptions(): ResvgRenderOptions {
  if (fontFiles === null) {
    const require = createRequire(import.meta.url);
    fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
      require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
    );
  }
  return {
    fitTo: { mode: 'width', value: previewWidth },
    font: {
      fontFiles,
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  };
}

/** The view's chart as an SVG document the size of a preview image. */
export function previewSvg(deps: ApiDeps, state: ViewState): string {
  const at = deps.now();
  const request = readSeriesQuery(Object.fromEntries(new URLSearchParams(seriesQuery(state))), at);
  const answer = loadSeries(deps.db, request, at);
  // Names for the title when a selection has no series (the catalogue is the page's /api/commodities).
  rememberCatalog(listCommodityGroups(deps.db));
  return seriesSvg(answer.series, listEvents(deps.db, {}), state, {
    title: describeTitle(answer.series, state),
    footer: chartFooter(seriesPublishers(answer.series, state)),
    theme: lightTheme,
    width: previewWidth,
    height: previewHeight,
    fontSize: 17,
  });
}

/**
 * Rasterised off the main thread (resvg-js's renderAsync runs in libuv's pool): a busy view (a dozen series over
 * years) took 200-400 ms to draw here, which would stall every other request; only the PNG encoding is left here.
 */
export async function renderPng(svg: string): Promise<Buffer> {
  return (await renderAsync(svg, renderOptions())).asPng();
}

export function previewPngHandler(deps: ApiDeps): RequestHandler {
  return async (req, res) => {
    const png = await renderPng(previewSvg(deps, readPreviewView(req.query)));
    // Remembered by the response cache like any data answer, revalidated by its ETag (Express's, from the bytes).
    res.set('Cache-Control', dataCacheControlOf(res)).type('png').send(png);
  };
}
