/**
 * Series query benchmark: the query function `GET /api/series` calls (`loadSeries`, server/queries/series.ts),
 * timed alone on the bundled data plus the generated million-row flows file, against a plain `GROUP BY` over the
 * raw rows written here (the naive way: it is also wrong, adding totals to their own parts and leaving gaps out).
 *
 * loadSeries keeps nothing between calls (issue 10: no cache below the HTTP layer), so each selection is timed
 * three ways only to show what SQLite's own page cache does: the first request after a data change, the second,
 * and a repeated one. A data change is a real commit by another connection on a copy of the database, as an import
 * makes, so SQLite's page cache is emptied.
 */
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadSeries, type SeriesRequest } from '../../server/queries/series.ts';
import type { BenchDb } from './bench-db.ts';
import { loadNow, met, ms, percentile } from './bench-util.ts';

interface Selection {
  label: string;
  /** The query string the dashboard would send for it, for the reader. */
  url: string;
  request: SeriesRequest;
  naive: NaiveQuery;
}

interface NaiveQuery {
  /** `commodity_group = @group` or an HS prefix. */
  where: 'group' | 'hs';
  key: string;
  sum: 'tonnes' | 'barrels' | 'usd';
  byYear?: boolean;
}

const base = {
  partner: 'PRK',
  direction: 'export',
  source: 'customs',
  measure: 'quantity',
  unit: 't',
  interval: 'month',
} as const;

export const selections: Selection[] = [
  {
    label: '12 months, a group',
    url: 'commodity=corn&reporter=CHN&from=2019-01&to=2019-12',
    request: { ...base, commodities: ['corn'], reporters: ['CHN'], from: '2019-01', to: '2019-12' },
    naive: { where: 'group', key: 'corn', sum: 'tonnes' },
  },
  {
    label: '120 months, a group',
    url: 'commodity=refined-oil&reporter=CHN&from=2010-01&to=2019-12',
    request: { ...base, commodities: ['refined-oil'], reporters: ['CHN'], from: '2010-01', to: '2019-12' },
    naive: { where: 'group', key: 'refined-oil', sum: 'tonnes' },
  },
  {
    label: '600 months, an HS code',
    url: 'commodity=1005&reporter=CHN&from=1970-01&to=2019-12',
    request: { ...base, commodities: ['1005'], reporters: ['CHN'], from: '1970-01', to: '2019-12' },
    naive: { where: 'hs', key: '1005', sum: 'tonnes' },
  },
  {
    label: '120 months, a 6-digit HS code',
    url: 'commodity=271019&reporter=RUS&from=2010-01&to=2019-12',
    request: { ...base, commodities: ['271019'], reporters: ['RUS'], from: '2010-01', to: '2019-12' },
    naive: { where: 'hs', key: '271019', sum: 'tonnes' },
  },
  {
    label: "the dashboard's first view (whole extent)",
    url: 'commodity=refined-oil&reporter=CHN',
    request: { ...base, commodities: ['refined-oil'], reporters: ['CHN'] },
    naive: { where: 'group', key: 'refined-oil', sum: 'tonnes' },
  },
  {
    label: '600 months in barrels (converted)',
    url: 'commodity=refined-oil&reporter=CHN&unit=bbl&from=1970-01&to=2019-12',
    request: { ...base, commodities: ['refined-oil'], reporters: ['CHN'], unit: 'bbl', from: '1970-01', to: '2019-12' },
    naive: { where: 'group', key: 'refined-oil', sum: 'barrels' },
  },
  {
    label: '120 months of trade value, 2 reporters',
    url: 'commodity=rice&reporter=CHN,RUS&measure=value&from=2010-01&to=2019-12',
    request: {
      ...base,
      commodities: ['rice'],
      reporters: ['CHN', 'RUS'],
      measure: 'value',
      unit: 'usd',
      from: '2010-01',
      to: '2019-12',
    },
    naive: { where: 'group', key: 'rice', sum: 'usd' },
  },
  {
    label: '50 years, yearly, 2 reporters',
    url: 'commodity=corn&reporter=CHN,RUS&interval=year&from=1970&to=2019',
    request: { ...base, commodities: ['corn'], reporters: ['CHN', 'RUS'], interval: 'year', from: '1970', to: '2019' },
    naive: { where: 'group', key: 'corn', sum: 'tonnes', byYear: true },
  },
];

/** A period as flow_facts stores it: '2017-11' → 201711; a year '2017' → 201701 (month 1) or 201712 (month 12). */
function storedPeriod(period: string, month: number): number {
  return period.length === 4
    ? Number(period) * 100 + month
    : Number(period.slice(0, 4)) * 100 + Number(period.slice(5, 7));
}

/** The naive way: one GROUP BY over the stored rows, per reporter. No gap filling, no MoM/YoY, no de-duplication. */
function naiveSql(query: NaiveQuery, ranged: boolean, notIndexed = false): string {
  const period = query.byYear ? 'f.period / 100' : 'f.period';
  const sum =
    query.sum === 'usd'
      ? 'sum(value_usd)'
      : query.sum === 'barrels'
        ? 'sum(net_weight_kg) / 1000.0 * @factor'
        : 'sum(net_weight_kg) / 1000.0';
  const what = query.where === 'group' ? 's.commodity_group = @key' : "s.hs_code LIKE @key || '%'";
  // Periods are stored as integers (201711); @from and @to are given as such (naiveParams).
  return `SELECT ${period} AS period, ${sum} AS value
    FROM flow_series s JOIN flow_facts f${notIndexed ? ' NOT INDEXED' : ''} ON f.series_id = s.id
    WHERE ${what} AND s.reporter = @reporter AND s.partner = @partner AND s.direction = @direction
      AND s.frequency = 'month' ${ranged ? 'AND f.period BETWEEN @from AND @to' : ''}
    GROUP BY ${period} ORDER BY ${period}`;
}

interface Samples {
  /** Milliseconds per call, every call of every round. */
  all: number[];
  /** The median of each round. */
  roundMedians: number[];
}

/**
 * Calls `fn` for up to `budgetMs` (at least `minCalls`, at most `maxCalls` times) after a short warm-up, timing
 * `fn` alone: `before` runs untimed before each call.
 */
function sample(
  fn: () => unknown,
  budgetMs: number,
  into: Samples,
  minCalls = 20,
  maxCalls = 2000,
  before?: () => void,
): void {
  for (let i = 0; i < 5; i += 1) {
    before?.();
    fn();
  }
  const round: number[] = [];
  const started = performance.now();
  while (round.length < maxCalls && (round.length < minCalls || performance.now() - started < budgetMs)) {
    before?.();
    const t = performance.now();
    fn();
    round.push(performance.now() - t);
  }
  into.all.push(...round);
  into.roundMedians.push(percentile(round, 50));
}

function describe(samples: Samples): string {
  const medians = samples.roundMedians;
  return `${ms(percentile(samples.all, 50))} / ${ms(percentile(samples.all, 99))} (round medians ${ms(Math.min(...medians))}–${ms(Math.max(...medians))})`;
}

export function benchSeries(db: BenchDb, runs: number): string {
  // A copy, so the commits that stand for imports change no file another benchmark reads.
  const copyPath = db.path.replace(/\.db$/, '') + '-series-copy.db';
  for (const suffix of ['', '-wal', '-shm']) rmSync(copyPath + suffix, { force: true });
  copyFileSync(db.path, copyPath);
  // bench-db.ts checkpoints the database it builds; a WAL with commits in it would be part of the database too.
  if (existsSync(`${db.path}-wal`) && statSync(`${db.path}-wal`).size > 0)
    copyFileSync(`${db.path}-wal`, `${copyPath}-wal`);
  const connection = new Database(copyPath, { readonly: true, fileMustExist: true });
  const writer = new Database(copyPath);
  // Rewrites one row as it is: a commit (data_version moves for the reader) that changes no answer.
  const touch = writer.prepare('UPDATE datasets SET name = name WHERE id = (SELECT max(id) FROM datasets)');
  const changeData = (): void => {
    touch.run();
  };
  const now = new Date();
  const factor =
    (
      connection
        .prepare(
          "SELECT barrels_per_tonne AS f FROM conversion_factors WHERE commodity = 'refined-oil' AND reporter = 'CHN'",
        )
        .get() as { f: number } | undefined
    )?.f ?? 8.33;
  const rows = [
    '| selection (`GET /api/series?…`) | series × points | first request after a data change: median / p99 | second request after a data change: median / p99 | repeated request: median / p99 | per series, median: first / second / repeated | naive `GROUP BY` median / p99 | < 1 ms per series: first / repeated | load avg |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  let metCold = 0;
  let metWarm = 0;
  for (const selection of selections) {
    const result = loadSeries(connection, selection.request, now);
    const points = result.series.reduce((n, s) => n + s.points.length, 0);
    const withValue = result.series.reduce((n, s) => n + s.points.filter((p) => p.value !== null).length, 0);
    if (withValue === 0)
      throw new Error(`${selection.label}: the series has no value; the bench database is not as expected`);
    const statement = connection.prepare(naiveSql(selection.naive, selection.request.from !== undefined));
    const naiveRun = (): unknown[] => {
      const out: unknown[] = [];
      for (const reporter of selection.request.reporters) {
        out.push(
          statement.all({
            key: selection.naive.key,
            reporter,
            partner: selection.request.partner,
            direction: selection.request.direction,
            ...(selection.request.from !== undefined
              ? { from: storedPeriod(selection.request.from, 1), to: storedPeriod(selection.request.to ?? '', 12) }
              : {}),
            ...(selection.naive.sum === 'barrels' ? { factor } : {}),
          }),
        );
      }
      return out;
    };
    const load = (): unknown => loadSeries(connection, selection.request, now);
    const first: Samples = { all: [], roundMedians: [] };
    const second: Samples = { all: [], roundMedians: [] };
    const repeated: Samples = { all: [], roundMedians: [] };
    const naive: Samples = { all: [], roundMedians: [] };
    // Interleaved rounds, so a burst of other work on the machine falls on every way alike. First and second
    // requests take a commit each, so they get fewer calls.
    for (let round = 0; round < runs; round += 1) {
      sample(load, 600, first, 20, 300, changeData);
      sample(load, 600, second, 20, 300, () => {
        changeData();
        load();
      });
      sample(load, 600, repeated);
      sample(naiveRun, 600, naive);
    }
    const perSeries = (samples: Samples): number => percentile(samples.all, 50) / result.series.length;
    if (perSeries(first) < 1) metCold += 1;
    if (perSeries(repeated) < 1) metWarm += 1;
    rows.push(
      `| ${selection.label}: \`${selection.url}\` | ${result.series.length} × ${points / result.series.length} (${withValue} with a value) | ${describe(first)} | ${describe(second)} | ${describe(repeated)} | ${ms(perSeries(first))} / ${ms(perSeries(second))} / ${ms(perSeries(repeated))} | ${describe(naive)} | ${met(perSeries(first) < 1)} / ${met(perSeries(repeated) < 1)} | ${loadNow()} |`,
    );
    process.stderr.write(
      `  ${selection.label}: first ${ms(percentile(first.all, 50))}, second ${ms(percentile(second.all, 50))}, repeated ${ms(percentile(repeated.all, 50))} (naive ${ms(percentile(naive.all, 50))})\n`,
    );
  }

  // What the indexes buy: the same naive query forced to read the whole table.
  const first = selections[0];
  let scanLine = '';
  if (first) {
    const scan = connection.prepare(naiveSql(first.naive, true, true));
    const scanSamples: Samples = { all: [], roundMedians: [] };
    sample(
      () =>
        scan.all({
          key: first.naive.key,
          reporter: 'CHN',
          partner: 'PRK',
          direction: 'export',
          from: storedPeriod(first.request.from ?? '', 1),
          to: storedPeriod(first.request.to ?? '', 12),
        }),
      2000,
      scanSamples,
      3,
      20,
    );
    scanLine = `Without any index (\`NOT INDEXED\`, a full scan of ${db.flowRows.toLocaleString('en')} rows) the naive query for "${first.label}" takes ${ms(percentile(scanSamples.all, 50), 1)} (median of ${scanSamples.all.length}; load avg ${loadNow()}).`;
  }
  connection.close();
  writer.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(copyPath + suffix, { force: true });

  return [
    `Database: the bundled data plus the generated flows file, ${db.flowRows.toLocaleString('en')} rows in \`flow_facts\` (\`${db.path.split('/').slice(-2).join('/')}\`, read-only connection, as the server opens it).`,
    `Each selection: ${runs} rounds of up to 0.6 s of \`loadSeries(db, request, now)\`, the function the \`/api/series\` handler calls after validation, and of the naive query, interleaved; median and p99 over every call, and the spread of the round medians.`,
    "loadSeries keeps nothing between calls: every call reads the stored rows (issue 10; the HTTP layer's response cache, the one cache, answers an identical URL before this). **First request after a data change**: before each call another connection commits to the database (a copy of it made for this section: one row rewritten as it was, standing for an import), which empties SQLite's page cache as an import would; at most 300 calls a round. **Second request**: the same request once more after the change, timed alone. **Repeated request**: the same call again, SQLite's page cache warm.",
    'The naive query is one `GROUP BY period` per reporter over the matching rows, with the same indexes available. It does less and answers wrongly: it adds a heading to its own sub-headings (2710 + 271012 + 271019), drops months with no row instead of returning them as not reported, and computes no changes.',
    '',
    ...rows,
    '',
    scanLine,
    '',
    `Target (under 1 ms per series): met by ${metCold} of ${selections.length} selections for the first request after a data change, by ${metWarm} of ${selections.length} for a repeated one.`,
  ].join('\n');
}
