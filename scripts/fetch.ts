/**
 * npm run fetch -- comtrade [options]: fills or refreshes the database with UN Comtrade's series, fetched on this
 * machine (Comtrade's terms do not allow redistributing its data, so Tradeflow does not bundle it).
 * Exit codes: 0 done (or nothing to import), 1 a call or the import failed (the database was not changed),
 * 2 usage error. See server/fetch/comtrade/options.ts for the options.
 */
import { existsSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { ConfigError, readComtradeConfig, readConfig } from '../server/config.ts';
import { openWritableDb } from '../server/db/connection.ts';
import { migrate } from '../server/db/migrate.ts';
import { FetchError, FetchUsageError } from '../server/fetch/comtrade/errors.ts';
import { fetchUsage, parseFetchCommand } from '../server/fetch/comtrade/options.ts';
import { formatImportProblems, formatPlan, formatSummary } from '../server/fetch/comtrade/report.ts';
import { readableCall } from '../server/fetch/comtrade/plan-calls.ts';
import { runFetch, type FetchProgress } from '../server/fetch/comtrade/run-fetch.ts';

async function main(): Promise<number> {
  let command;
  try {
    command = parseFetchCommand(process.argv.slice(2), readComtradeConfig(process.env));
  } catch (error) {
    if (!(error instanceof FetchUsageError || error instanceof ConfigError)) throw error;
    console.error(error.message);
    console.error(fetchUsage);
    return 2;
  }
  if (command.help) {
    console.log(fetchUsage);
    return 0;
  }
  const config = readConfig(command.dbPath ? { ...process.env, TRADEFLOW_DB: command.dbPath } : process.env);
  // A dry run changes nothing on disk: without a database it reads the catalogue from a fresh in-memory one.
  const db = openWritableDb(command.dryRun && !existsSync(config.dbPath) ? ':memory:' : config.dbPath);
  migrate(db);

  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: 'fetching [{bar}] {value}/{total} calls | {records} records | {source}',
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let barStarted = false;
  const onProgress = (event: FetchProgress) => {
    if (bar) {
      if (!barStarted) bar.start(event.total, 0, { records: 0, source: '' });
      barStarted = true;
      bar.setTotal(event.total);
      bar.update(event.done, { records: event.records, source: `last from the ${event.from}` });
    } else {
      // Not a terminal: one line per call, for logs.
      console.error(`call ${event.done}/${event.total} from the ${event.from}: ${readableCall(event.call)}`);
    }
  };
  try {
    const summary = await runFetch(db, {
      ...command,
      now: () => new Date(),
      onProgress,
      onRetry: (event) => {
        const line = `retrying in ${Math.ceil(event.waitMs / 1000)} s (attempt ${event.attempt} failed: ${event.reason}): ${readableCall(event.path)}`;
        if (bar && barStarted) bar.stop();
        barStarted = false;
        console.error(line);
      },
    });
    if (barStarted) bar?.stop();
    if (command.dryRun) {
      console.log(formatPlan(summary, command.base, command.callsPerMinute));
      return 0;
    }
    const problems = formatImportProblems(summary);
    problems.forEach((line) => console.error(line));
    console.log(formatSummary(summary));
    return summary.import?.status === 'failed' ? 1 : 0;
  } catch (error) {
    if (barStarted) bar?.stop();
    if (!(error instanceof FetchError)) throw error;
    console.error(`fetch stopped at ${command.base}/${readableCall(error.call)}`);
    console.error(error.message);
    console.error('nothing was imported; the database was not changed (responses fetched so far stay cached)');
    return 1;
  } finally {
    db.close();
  }
}

/**
 * Exits once stdout and stderr are written out: process.exit alone cuts a long piped output short (a dry run of 900
 * calls into `| less`), and waiting for the event loop to empty could wait for the HTTP client's idle sockets.
 */
function exitWhenWritten(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main().then(exitWhenWritten, (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  exitWhenWritten(1);
});
