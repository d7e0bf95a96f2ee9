/** Pure formatting for the cap panel (views/cap-view.ts, cap-totals.ts). Table tests: tests/unit/client-format-sources.test.ts. */
import type { CapResponse } from './api-types.ts';
import { formatMonthRuns, formatNumber, formatShare, formatValue, reporterName } from './format.ts';

type ReporterTotal = CapResponse['reporterTotals'][number];

/** "Russia: 105,843 bbl, 21.2% of the cap, from 12 months (Jan–Dec 2023)"; nothing notified says so. */
export function formatReporterTotal(total: ReporterTotal): string {
  const name = reporterName(total.reporter);
  if (total.barrels === null) return `${name}: nothing notified`;
  const months = total.months.length;
  const share = total.shareOfCap === null ? '' : `, ${formatShare(total.shareOfCap)} of the cap`;
  return `${name}: ${formatValue(total.barrels, 'bbl')}${share}, from ${months} month${months === 1 ? '' : 's'} (${formatMonthRuns(total.months)})`;
}

/** The PNG's title: what is drawn, and for which year (a picture shared on its own must say it). */
export function capPngTitle(response: Pick<CapResponse, 'year' | 'capBarrels'>): string {
  return `Refined petroleum notified to the UN 1718 Committee against the ${formatNumber(response.capBarrels)}-barrel cap, ${response.year}`;
}
