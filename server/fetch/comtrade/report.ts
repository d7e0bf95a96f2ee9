/** What `npm run fetch -- comtrade` prints: the plan of a dry run, the summary of a fetch, its errors. */
import { formatProblem } from '../../import/problems.ts';
import { callOfLine } from './merge.ts';
import { readableCall } from './plan-calls.ts';
import type { FetchSummary } from './run-fetch.ts';

/** `40 s`, `3 minutes`, `1.5 hours`. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`;
  return `${(seconds / 3600).toFixed(1)} hours`;
}

/**
 * How long the calls take at the rate limit: one call every 60/rate seconds, the first at once. An estimate: it
 * leaves out the API's own time, retries, waits it asks for, and calls split because they came back full.
 */
export function estimateDurationMs(calls: number, callsPerMinute: number): number {
  return Math.max(0, calls - 1) * (60_000 / callsPerMinute);
}

export function formatPlan(summary: FetchSummary, base: string, callsPerMinute: number): string {
  const lines = summary.planned.map((path) => `GET ${base}/${readableCall(path)}`);
  const toCall = summary.planned.length - summary.cachedBeforeStart;
  const endpoint = summary.keyed ? 'keyed endpoint' : 'public preview (no key; 500 records a call)';
  lines.push(
    `${summary.planned.length} calls to the ${endpoint}: ${summary.cachedBeforeStart} in the cache, ${toCall} to ` +
      `call; at ${callsPerMinute} calls a minute about ${formatDuration(estimateDurationMs(toCall, callsPerMinute))} ` +
      `(an estimate: retries, waits the API asks for and calls split because they came back full add to it)`,
  );
  return lines.join('\n');
}

const maxSeriesLines = 30;

export function formatSummary(summary: FetchSummary): string {
  const unit = summary.selection.frequency === 'M' ? 'months' : 'years';
  const lines = [
    `calls: ${summary.calls.length} (${summary.callsFromApi} from the API, ${summary.callsFromCache} from the cache, ` +
      `${summary.splits} split because they came back full); records: ${summary.records}; ` +
      `${formatDuration(summary.elapsedMs)}`,
  ];
  if (summary.coverage.length > 0) {
    lines.push(`${unit} with a record, of ${summary.periods} (any other is not reported, never zero):`);
    for (const series of summary.coverage.slice(0, maxSeriesLines)) {
      lines.push(`  ${series.reporter} → ${series.partner} ${series.flow} ${series.hsCode}: ${series.periods}`);
    }
    if (summary.coverage.length > maxSeriesLines) {
      lines.push(`  … and ${summary.coverage.length - maxSeriesLines} more series`);
    }
  }
  const result = summary.import;
  if (result === undefined) {
    lines.push('no response held a record: nothing to import; the database was not changed');
  } else if (result.status === 'unchanged') {
    lines.push(`unchanged: the same records are already imported as dataset "${result.dataset}"`);
  } else if (result.status === 'imported') {
    const verb = result.replaced ? 'replaced' : 'imported';
    lines.push(
      `${verb} dataset "${result.dataset}": ${result.rowsStored} rows stored, ${result.duplicatesSkipped} ` +
        `repeated rows skipped`,
    );
    lines.push(`source: ${summary.sourceDescription ?? ''}`);
  }
  return lines.join('\n');
}

/** The importer's problems, each with the call its line came from. */
export function formatImportProblems(summary: FetchSummary): string[] {
  const result = summary.import;
  if (result === undefined || result.status !== 'failed') return [];
  const lines = result.problems.map((problem) => {
    const call = callOfLine(summary.calls, problem.line);
    return `${formatProblem(summary.document ?? '', problem)}${call ? ` (from ${readableCall(call.call)})` : ''}`;
  });
  if (result.problemCount > result.problems.length) {
    lines.push(`… and ${result.problemCount - result.problems.length} more problems`);
  }
  lines.push(
    `${result.problemCount} problem(s): nothing was imported and the database was not changed; the responses ` +
      'stay cached',
  );
  return lines;
}
