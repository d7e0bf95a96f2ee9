/** Small helpers shared by the benchmark sections. */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';

export interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, runs: values.length };
}

export function formatStats(stats: Stats, digits = 2, unit = ''): string {
  const f = (n: number): string => n.toFixed(digits) + unit;
  return `${f(stats.median)} (min ${f(stats.min)}, max ${f(stats.max)}, ${stats.runs} runs)`;
}

export function describeMachine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let sqlite = 'not installed';
  try {
    sqlite = execFileSync('sqlite3', ['--version'], { encoding: 'utf8' }).split(' ')[0] ?? sqlite;
  } catch {
    // the sqlite3 shell is optional: the import floor is skipped without it
  }
  return [
    `- CPU: ${cpu}, ${cpus().length} cores; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- Node ${process.version}, ${process.platform}/${process.arch}; sqlite3 shell ${sqlite}`,
  ].join('\n');
}

export interface RunResult {
  seconds: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a command to completion and times it with a monotonic clock. */
export function runTimed(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: (performance.now() - started) / 1000, stdout, stderr, code }));
    child.stdin.end(options.input ?? '');
  });
}
