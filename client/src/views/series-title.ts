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
