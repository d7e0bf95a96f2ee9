/**
 * Series query benchmark: the query function `GET /api/series` calls (`loadSeries`, server/queries/series.ts),
 * timed alone on the bundled data plus the generated million-row flows file, against a plain `GROUP BY` over the
 * raw rows written here (the naive way: it is also wrong, adding totals to their own parts and leaving gaps out).
 */
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

/** The naive way: one GROUP BY over the stored rows, per reporter. No gap filling, no MoM/YoY, no de-duplication. */
function naiveSql(query: NaiveQuery, ranged: boolean, notIndexed = false): string {
  const period = query.byYear ? 'substr(period, 1, 4)' : 'period';
  const sum =
    query.sum === 'usd'
      ? 'sum(value_usd)'
      : query.sum === 'barrels'
        ? 'sum(net_weight_kg) / 1000.0 * @factor'
        : 'sum(net_weight_kg) / 1000.0';
  const what = query.where === 'group' ? 'commodity_group = @key' : "hs_code LIKE @key || '%'";
  return `SELECT ${period} AS period, ${sum} AS value FROM trade_flows${notIndexed ? ' NOT INDEXED' : ''}
    WHERE ${what} AND reporter = @reporter AND partner = @partner AND direction = @direction AND frequency = 'month'
    ${ranged ? 'AND period BETWEEN @from AND @to' : ''}
    GROUP BY ${period} ORDER BY ${period}`;
}

interface Samples {
  /** Milliseconds per call, every call of every round. */
  all: number[];
  /** The median of each round. */
  roundMedians: number[];
}

/** Calls `fn` for up to `budgetMs` (at least `minCalls`, at most `maxCalls` times) after a short warm-up. */
function sample(fn: () => unknown, budgetMs: number, into: Samples, minCalls = 20, maxCalls = 2000): void {
  for (let i = 0; i < 5; i += 1) fn();
  const round: number[] = [];
  const started = performance.now();
  while (round.length < maxCalls && (round.length < minCalls || performance.now() - started < budgetMs)) {
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
  const connection = new Database(db.path, { readonly: true, fileMustExist: true });
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
    '| selection (`GET /api/series?…`) | series × points | `loadSeries` median / p99 per request | per series (median) | naive `GROUP BY` median / p99 | < 1 ms per series | load avg |',
    '|---|---|---|---|---|---|---|',
  ];
  let metCount = 0;
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
            ...(selection.request.from !== undefined ? { from: selection.request.from, to: selection.request.to } : {}),
            ...(selection.naive.sum === 'barrels' ? { factor } : {}),
          }),
        );
      }
      return out;
    };
    const tradeflow: Samples = { all: [], roundMedians: [] };
    const naive: Samples = { all: [], roundMedians: [] };
    // Interleaved rounds, so a burst of other work on the machine falls on both sides alike.
    for (let round = 0; round < runs; round += 1) {
      sample(() => loadSeries(connection, selection.request, now), 600, tradeflow);
      sample(naiveRun, 600, naive);
    }
    const perSeries = percentile(tradeflow.all, 50) / result.series.length;
    if (perSeries < 1) metCount += 1;
    rows.push(
      `| ${selection.label}: \`${selection.url}\` | ${result.series.length} × ${points / result.series.length} (${withValue} with a value) | ${describe(tradeflow)} | ${ms(perSeries)} | ${describe(naive)} | ${met(perSeries < 1)} | ${loadNow()} |`,
    );
    process.stderr.write(
      `  ${selection.label}: ${ms(percentile(tradeflow.all, 50))} (naive ${ms(percentile(naive.all, 50))})\n`,
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
          from: first.request.from,
          to: first.request.to,
        }),
      2000,
      scanSamples,
      3,
      20,
    );
    scanLine = `Without any index (\`NOT INDEXED\`, a full scan of ${db.flowRows.toLocaleString('en')} rows) the naive query for "${first.label}" takes ${ms(percentile(scanSamples.all, 50), 1)} (median of ${scanSamples.all.length}; load avg ${loadNow()}).`;
  }
  connection.close();

  return [
    `Database: the bundled data plus the generated flows file, ${db.flowRows.toLocaleString('en')} rows in \`trade_flows\` (\`${db.path.split('/').slice(-2).join('/')}\`, read-only connection, as the server opens it).`,
    `Each selection: ${runs} rounds of up to 0.6 s (at most 2,000 calls) of \`loadSeries(db, request, now)\`, the function the \`/api/series\` handler calls after validation, and as many of the naive query, interleaved; median and p99 over every call, and the spread of the round medians.`,
    'The naive query is one `GROUP BY period` per reporter over the matching rows, with the same indexes available. It does less and answers wrongly: it adds a heading to its own sub-headings (2710 + 271012 + 271019), drops months with no row instead of returning them as not reported, and computes no changes.',
    '',
    ...rows,
    '',
    scanLine,
    '',
    `Target (under 1 ms per series): met by ${metCount} of ${selections.length} selections.`,
  ].join('\n');
}
