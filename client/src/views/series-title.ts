/**
 * The series panel's title: what, who to whom, the measure and unit, and who published it. Names only: commodity
 * labels and country names, never keys, even before the API has answered or when it refused the selection.
 */
import type { Series } from '../api-types.ts';
import { publisherName, reporterName, unitLabel } from '../format.ts';
import { commodityName } from '../labels.ts';
import type { ViewState } from '../state.ts';

function joinNames(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

export function describeTitle(series: readonly Series[], state: ViewState): string {
  const commodities =
    series.length > 0
      ? [...new Set(series.map((s) => s.commodityLabel))]
      : state.commodity.map((key) => commodityName(key));
  const reporterCodes = series.length > 0 ? [...new Set(series.map((s) => s.reporter))] : state.reporter;
  const partner = reporterName(series[0]?.partner ?? state.partner ?? 'PRK');
  const measure = state.measure === 'value' ? 'value' : 'quantity';
  const source = series[0]?.source ?? state.source;
  return `${commodities.join(', ')}: ${joinNames(reporterCodes.map(reporterName))} to ${partner}, ${measure} in ${unitLabel(state.unit)} (${publisherName(source, reporterCodes)})`;
}

/**
 * What the sources are known to leave out (data/README.md, "Not in this file"), said when a selection comes back
 * empty, so "no data" is not read as "no trade".
 */
const knownGaps: readonly { commodity: string; source: string; reporter: string; why: string }[] = [
  {
    commodity: 'crude-oil',
    source: 'customs',
    reporter: 'CHN',
    why: "China's customs (GAC) has shown no crude oil exports to North Korea since 2014, and the crude sent through the Dandong pipeline (about 500,000 t a year by industry estimates) never appears in its figures (data/README.md).",
  },
];

/**
 * Why a selection has nothing to draw: no figure at all for it, or none in the months chosen; and what the sources
 * are known to leave out.
 */
export function describeEmpty(state: ViewState, title: string, range: string): string {
  const chosen = state.from !== null || state.to !== null;
  const what = chosen
    ? `No data for this selection: nothing was reported for ${title}${range}. Choose "Whole range" to see the months that have figures, or another source or reporter.`
    : `No data for this selection: Tradeflow holds no figure for ${title} in any month. Try another source or reporter.`;
  const gaps = knownGaps
    .filter(
      (gap) =>
        state.commodity.includes(gap.commodity) && state.source === gap.source && state.reporter.includes(gap.reporter),
    )
    .map((gap) => gap.why);
  return [what, ...gaps].join(' ');
}

/** Who published what a series chart shows: the series' own reporters and source, else the view's choice. */
export function seriesPublishers(series: readonly Series[], state: Pick<ViewState, 'source' | 'reporter'>): string {
  const reporters = series.length > 0 ? [...new Set(series.map((s) => s.reporter))] : state.reporter;
  return publisherName(series[0]?.source ?? state.source, reporters);
}

/**
 * The footer of a downloaded chart (PNG and SVG) and of the link-preview image: who published the figures, how gaps
 * are drawn, and the view's address when there is one.
 */
export function chartFooter(publishers: string, address?: string): string[] {
  return [
    `Source: ${publishers}, as published (each figure's address is in the CSV). Tradeflow.`,
    'Months not reported are gaps (dashed box, hatched band), never zero.',
    ...(address === undefined ? [] : [address]),
  ];
}
