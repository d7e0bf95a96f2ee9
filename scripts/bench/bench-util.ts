/** Helpers for the read benchmarks (series, HTTP, client, load): percentiles, load average, formatting. */
import { loadavg } from 'node:os';

/** The p-th percentile (0–100) of `values`, nearest-rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

/**
 * The 1-minute load average, written next to each measurement: the machine has two cores and other work (another
 * engineer's tests) may be running; a number measured at load 3 is not comparable with one measured at load 0.
 */
export function loadNow(): string {
  return (loadavg()[0] ?? NaN).toFixed(2);
}

export function ms(value: number, digits = 3): string {
  return `${value.toFixed(digits)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export function met(ok: boolean): string {
  return ok ? 'met' : '**not met**';
}

export function integer(value: number): string {
  return Math.round(value).toLocaleString('en');
}
