/**
 * `npm run fetch -- comtrade` against a fake Comtrade API on 127.0.0.1 (tests/helpers/fake-comtrade.ts): never the
 * real one. Waits are injected (a fake clock that `sleep` advances), so the rate limit and back-off are asserted
 * as the waits asked for, and the tests take no time. Results are read through `loadSeries`, the API's own query.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Db } from '../../server/db/connection.ts';
import { FetchError } from '../../server/fetch/comtrade/errors.ts';
import { callOfLine, type FetchDocument } from '../../server/fetch/comtrade/merge.ts';
import { formatImportProblems } from '../../server/fetch/comtrade/report.ts';
import { runFetch, type RunFetchOptions } from '../../server/fetch/comtrade/run-fetch.ts';
import { listDatasets } from '../../server/queries/datasets.ts';
import { loadSeries } from '../../server/queries/series.ts';
import { createTempDir, createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import {
  comtradeRecord,
  startFakeComtrade,
  type FakeComtrade,
  type FakeComtradeOptions,
  type Scripted,
} from '../helpers/fake-comtrade.ts';

/** Corn (1005) and rice (1006), China → North Korea, 2016-01 to 2018-06 (30 months: three calls of 12, 12, 6). */
const months = Array.from(
  { length: 30 },
  (_, i) => `${2016 + Math.floor(i / 12)}${String((i % 12) + 1).padStart(2, '0')}`,
);
/** No record at all for these corn months: they must stay not reported. */
const cornGaps = new Set(['201611', '201712']);
const history = [
  ...months
    .filter((period) => !cornGaps.has(period))
    .map((period, i) =>
      comtradeRecord({
        period,
        cmdCode: '1005',
        // 2017-10 a reported zero; 2018-03 a value with no weight (null is not zero).
        netWgt: period === '201710' ? 0 : period === '201803' ? null : (i + 1) * 1000,
        primaryValue: period === '201710' ? 0 : (i + 1) * 300,
      }),
    ),
  ...months.map((period, i) => comtradeRecord({ period, cmdCode: '1006', netWgt: 5000 + i, primaryValue: 2000 + i })),
];

interface Clock {
  timing: NonNullable<RunFetchOptions['timing']>;
  waits: number[];
}

/** A clock that only `sleep` moves: every wait the fetch asks for is recorded, none is slept. */
function fakeClock(): Clock {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    timing: {
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      backoffBaseMs: 1000,
      backoffCapMs: 8000,
      maxAttempts: 4,
    },
  };
}

const servers: FakeComtrade[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function fake(options: Partial<FakeComtradeOptions> = {}): Promise<FakeComtrade> {
  const server = await startFakeComtrade({ records: history, ...options });
  servers.push(server);
  return server;
}

function options(server: FakeComtrade, extra: Partial<RunFetchOptions> = {}): RunFetchOptions {
  return {
    reporters: [156],
    partners: [408],
    hsCodes: ['1005', '1006'],
    flows: ['X'],
    frequency: 'M',
    from: '2016-01',
    to: '2018-06',
    datasetName: 'comtrade-test',
    key: undefined,
    base: server.base,
    cacheDir: createTempDir('tradeflow-fetch-cache-'),
    callsPerMinute: 10,
    maxAgeDays: 30,
    now: fixedNow,
    timing: fakeClock().timing,
    ...extra,
  };
}

type Points = Map<string, { value: number | null; status: string }>;

function series(db: Db, commodity: string, measure: 'quantity' | 'value'): Points {
  const { series } = loadSeries(
    db,
    {
      commodities: [commodity],
      reporters: ['CHN'],
      partner: 'PRK',
      direction: 'export',
      source: 'customs',
      measure,
      unit: measure === 'value' ? 'usd' : 'kg',
      interval: 'month',
      from: '2016-01',
      to: '2018-06',
    },
    fixedNow(),
  );
  return new Map((series[0]?.points ?? []).map((p) => [p.period, { value: p.value, status: p.status }]));
}

/** `201711` → `2017-11`. */
const month = (period: string) => `${period.slice(0, 4)}-${period.slice(4)}`;

/** The one place this file reads stored rows: line and what identifies the record, for the provenance check. */
function storedLines(db: Db): Array<{ line: number; period: string; hsCode: string; source: string }> {
  return db
    .prepare<[], { line: number; period: string; hsCode: string; source: string }>(
      'SELECT line, period, hs_code AS hsCode, source FROM trade_flows ORDER BY line',
    )
    .all();
}

async function rejects(
  promise: Promise<unknown>,
  failure: FetchError['failure'],
  message: RegExp,
): Promise<FetchError> {
  let caught: unknown;
  await promise.catch((error: unknown) => {
    caught = error;
  });
  assert.ok(caught instanceof FetchError, `expected a FetchError, got ${String(caught)}`);
  assert.equal(caught.failure, failure);
  assert.match(caught.message, message);
  return caught;
}

describe('fetching a monthly history from the preview API', () => {
  it('makes one call per 12 months, imports every record as one dataset, and keeps the gaps as gaps', async () => {
    const server = await fake();
    const db = createTestDb();
    const run = options(server);
    const summary = await runFetch(db, run);

    assert.equal(server.requests.length, 3);
    assert.deepEqual(
      server.requests.map((r) => r.query.get('period')?.split(',').length),
      [12, 12, 6],
    );
    for (const request of server.requests) {
      assert.equal(request.endpoint, 'preview');
      assert.equal(request.key, undefined);
      assert.equal(request.query.get('cmdCode'), '1005,1006');
    }
    assert.equal(summary.records, history.length);
    assert.equal(summary.import?.status, 'imported');
    assert.equal(summary.import?.rowsStored, history.length);
    assert.deepEqual(
      summary.coverage.map((c) => [c.hsCode, c.periods]),
      [
        ['1005', 28],
        ['1006', 30],
      ],
    );
    assert.equal(summary.periods, 30);

    const corn = series(db, 'corn', 'quantity');
    assert.equal(corn.size, 30);
    for (const gap of cornGaps) assert.deepEqual(corn.get(month(gap)), { value: null, status: 'not-reported' });
    assert.deepEqual(corn.get('2016-01'), { value: 1000, status: 'reported' });
    // The preview writes 0 for "not given": its zeros are stored as not given (docs/comtrade.md#the-preview-api).
    assert.deepEqual(corn.get('2017-10'), { value: null, status: 'not-reported' });
    assert.notEqual(corn.get('2018-03')?.value, 0);
    assert.equal(
      series(db, 'corn', 'value').get('2018-03')?.value,
      history.find((r) => r.period === '201803')?.primaryValue,
    );
    assert.equal(series(db, 'rice', 'quantity').get('2018-06')?.value, 5029);

    const [dataset] = listDatasets(db);
    assert.equal(dataset?.name, 'comtrade-test');
    assert.match(
      dataset?.sourceDescription ?? '',
      /^UN Comtrade \(fetched 2026-11-23\) from http:\/\/127\.0\.0\.1:\d+\/public\/v1\/preview\/C\/M\/HS, 3 calls/,
    );
  });

  it('names the call and record behind every stored row', async () => {
    const server = await fake();
    const db = createTestDb();
    const summary = await runFetch(db, options(server));
    const document = JSON.parse(readFileSync(summary.document ?? '', 'utf8')) as FetchDocument;
    assert.ok(listDatasets(db)[0]?.sourceDescription.includes(summary.document?.split('/').at(-1) ?? '?'));
    const rows = storedLines(db);
    assert.equal(rows.length, history.length);
    for (const row of rows) {
      const call = callOfLine(document.calls, row.line);
      assert.ok(call, `line ${row.line} has a call`);
      const params = new URL(`${server.base}/${call.call}`).searchParams;
      assert.ok(
        params.get('period')?.split(',').includes(row.period.replace('-', '')),
        `line ${row.line}: ${row.period} is asked by ${call.call}`,
      );
      assert.ok(params.get('cmdCode')?.split(',').includes(row.hsCode));
      // The row's source is the address of its call, which a reader can open (no key in it).
      assert.equal(row.source, `${server.base}/${call.call}`);
      const record = document.data[row.line - 1] as Record<string, unknown>;
      assert.equal(record.period, row.period.replace('-', ''));
      assert.equal(record.cmdCode, row.hsCode);
    }
  });

  it('a second run calls nothing and changes nothing; past --max-age it calls again', async () => {
    const server = await fake();
    const db = createTestDb();
    const run = options(server);
    await runFetch(db, run);
    const before = fingerprintDb(db);
    const again = await runFetch(db, run);
    assert.equal(server.requests.length, 3);
    assert.equal(again.callsFromCache, 3);
    assert.equal(again.import?.status, 'unchanged');
    assert.equal(fingerprintDb(db), before);

    const later = () => new Date(fixedNow().getTime() + 31 * 24 * 3600 * 1000);
    const refreshed = await runFetch(db, { ...run, now: later });
    assert.equal(server.requests.length, 6);
    assert.equal(refreshed.callsFromApi, 3);
    await runFetch(db, { ...run, now: later, maxAgeDays: 365 });
    assert.equal(server.requests.length, 6);
  });

  it('waits 60/rate seconds between calls', async () => {
    const server = await fake();
    const clock = fakeClock();
    await runFetch(createTestDb(), options(server, { timing: clock.timing, callsPerMinute: 10 }));
    assert.deepEqual(clock.waits, [6000, 6000]);
  });

  it('an empty "data" is an answer: those months stay not reported, the rest is imported', async () => {
    const server = await fake({
      script: (r) =>
        r.query.get('period')?.startsWith('201701')
          ? { status: 200, body: JSON.stringify({ elapsedTime: '0 secs', count: 0, data: [], error: '' }) }
          : undefined,
    });
    const db = createTestDb();
    const summary = await runFetch(db, options(server));
    assert.equal(summary.import?.status, 'imported');
    const rice = series(db, 'rice', 'quantity');
    assert.deepEqual(rice.get('2017-05'), { value: null, status: 'not-reported' });
    assert.equal(rice.get('2016-05')?.status, 'reported');
    assert.equal(rice.get('2018-05')?.status, 'reported');
    assert.equal(summary.calls[1]?.records, 0);
  });
});

describe('the keyed endpoint', () => {
  it("sends the key in the header, never in the address, and keeps the full API's zeros and nulls", async () => {
    const server = await fake({ validKey: 'good-key' });
    const db = createTestDb();
    const summary = await runFetch(db, options(server, { key: 'good-key' }));
    assert.equal(server.requests.length, 3);
    for (const request of server.requests) {
      assert.equal(request.endpoint, 'keyed');
      assert.match(request.path, /^data\/v1\/get\/C\/M\/HS\?/);
      assert.equal(request.key, 'good-key');
      assert.doesNotMatch(request.path, /good-key/);
      assert.equal(request.query.get('maxRecords'), '100000');
    }
    assert.doesNotMatch(readFileSync(summary.document ?? '', 'utf8'), /good-key/);
    const corn = series(db, 'corn', 'quantity');
    assert.deepEqual(corn.get('2017-10'), { value: 0, status: 'reported-zero' });
    assert.equal(corn.get('2018-03')?.value, null);
    assert.equal(
      series(db, 'corn', 'value').get('2018-03')?.value,
      history.find((r) => r.period === '201803')?.primaryValue,
    );
    assert.match(listDatasets(db)[0]?.sourceDescription ?? '', /\/data\/v1\/get\/C\/M\/HS/);
  });

  it('a 401 stops at once with a message that names COMTRADE_API_KEY, and changes nothing', async () => {
    const server = await fake({ validKey: 'good-key' });
    const db = createTestDb();
    const before = fingerprintDb(db);
    const error = await rejects(
      runFetch(db, options(server, { key: 'bad-key' })),
      'unauthorized',
      /401.*COMTRADE_API_KEY/,
    );
    assert.match(error.call, /^data\/v1\/get\//);
    assert.equal(server.requests.length, 1);
    assert.equal(fingerprintDb(db), before);
  });
});

describe('politeness and failures', () => {
  /** Answers the n-th request (1-based) with `scripted`, every other normally. */
  const on = (n: number | number[], scripted: Scripted) => (r: { n: number }) =>
    [n].flat().includes(r.n) ? scripted : undefined;

  it('a 429 with Retry-After: waits as long as asked, then goes on', async () => {
    const server = await fake({
      script: on(2, {
        status: 429,
        headers: { 'retry-after': '7' },
        body: '{"statusCode":429,"message":"Rate limit is exceeded"}',
      }),
    });
    const clock = fakeClock();
    const db = createTestDb();
    const summary = await runFetch(db, options(server, { timing: clock.timing, callsPerMinute: 600 }));
    assert.equal(server.requests.length, 4);
    assert.ok(clock.waits.includes(7000), `waited ${clock.waits.join(', ')} ms`);
    assert.equal(summary.import?.status, 'imported');
    assert.equal(summary.records, history.length);
  });

  it('a 403 with Retry-After is waited out too; one without it stops', async () => {
    const waited = await fake({ script: on(1, { status: 403, headers: { 'retry-after': '3' }, body: '{}' }) });
    const clock = fakeClock();
    await runFetch(createTestDb(), options(waited, { timing: clock.timing, callsPerMinute: 600 }));
    assert.ok(clock.waits.includes(3000));

    const refused = await fake({
      script: on(1, { status: 403, body: '{"statusCode":403,"message":"Out of call volume quota."}' }),
    });
    await rejects(runFetch(createTestDb(), options(refused)), 'refused', /403.*Out of call volume quota/);
    assert.equal(refused.requests.length, 1);
  });

  it('a Retry-After longer than the fetch will wait stops it with what to do', async () => {
    const server = await fake({ script: on(1, { status: 429, headers: { 'retry-after': '3600' }, body: '{}' }) });
    await rejects(
      runFetch(createTestDb(), options(server)),
      'wait-too-long',
      /3600 s.*run the same command again later/,
    );
  });

  it('429s without Retry-After back off exponentially, capped', async () => {
    const server = await fake({ script: on([1, 2, 3], { status: 429, body: '{}' }) });
    const clock = fakeClock();
    await runFetch(
      createTestDb(),
      options(server, { timing: { ...clock.timing, backoffCapMs: 3000 }, callsPerMinute: 6000 }),
    );
    assert.deepEqual(
      clock.waits.filter((ms) => ms >= 1000),
      [1000, 2000, 3000],
    );
  });

  it('a 500 then success: retried, imported', async () => {
    const server = await fake({ script: on(1, { status: 500, body: 'Internal Server Error' }) });
    const db = createTestDb();
    const summary = await runFetch(db, options(server));
    assert.equal(server.requests.length, 4);
    assert.equal(server.requests[0]?.path, server.requests[1]?.path);
    assert.equal(summary.import?.rowsStored, history.length);
  });

  it('5xx every time: gives up after the last attempt with an error naming the call; nothing imported', async () => {
    const server = await fake({ script: on([2, 3, 4, 5], { status: 503, body: 'Service Unavailable' }) });
    const db = createTestDb();
    const before = fingerprintDb(db);
    const error = await rejects(runFetch(db, options(server)), 'gave-up', /gave up after 4 attempts; the last: 503/);
    assert.equal(error.call, server.requests[1]?.path);
    assert.equal(fingerprintDb(db), before);
  });

  it('a body cut short is retried like a network error', async () => {
    const server = await fake({ script: on(1, { truncate: true }) });
    const db = createTestDb();
    const summary = await runFetch(db, options(server));
    assert.equal(server.requests.length, 4);
    assert.equal(summary.import?.rowsStored, history.length);
  });

  it('an envelope with "error" set is an error, not data: stops, not cached, nothing imported', async () => {
    const envelope = { elapsedTime: '0 secs', count: 0, data: [], error: 'Parameter period is invalid' };
    const server = await fake({ script: on(2, { status: 200, body: JSON.stringify(envelope) }) });
    const db = createTestDb();
    const before = fingerprintDb(db);
    const run = options(server);
    await rejects(runFetch(db, run), 'api-error', /answered with an error.*"Parameter period is invalid"/);
    assert.equal(server.requests.length, 2);
    assert.equal(fingerprintDb(db), before);
    // The next run takes the first call from the cache and asks the failed one again.
    const again = await runFetch(db, run);
    assert.equal(again.callsFromCache, 1);
    assert.equal(again.callsFromApi, 2);
    assert.equal(again.import?.rowsStored, history.length);
  });
});

describe('records the importer refuses', () => {
  it('import nothing, and each problem names its line and the call the record came from', async () => {
    const bad = {
      ...comtradeRecord({ period: '201705', cmdCode: '1005', netWgt: 1, primaryValue: 1 }),
      cmdCode: '709',
    };
    const body = JSON.stringify({
      elapsedTime: '0 secs',
      count: 2,
      data: [comtradeRecord({ period: '201704', cmdCode: '2710', netWgt: 5, primaryValue: 5 }), bad],
      error: '',
    });
    const server = await fake({ script: (r) => (r.n === 2 ? { status: 200, body } : undefined) });
    const db = createTestDb();
    const before = fingerprintDb(db);
    const summary = await runFetch(db, options(server));
    assert.equal(summary.import?.status, 'failed');
    assert.equal(fingerprintDb(db), before);
    const firstCallRecords = summary.calls[0]?.records ?? 0;
    assert.deepEqual(
      summary.import?.problems.map((p) => [p.line, p.code]),
      [[firstCallRecords + 2, 'INVALID_VALUE']],
    );
    const lines = formatImportProblems(summary);
    assert.match(
      lines[0] ?? '',
      new RegExp(
        `:${firstCallRecords + 2} INVALID_VALUE .*\\(from public/v1/preview/C/M/HS\\?reporterCode=156&period=201701,`,
      ),
    );
    assert.match(lines.at(-1) ?? '', /nothing was imported and the database was not changed/);
  });
});

describe('a call that returns exactly its record limit', () => {
  it('is split in halves and asked again until no response is full; nothing is lost', async () => {
    // A limit of 20 records: the planner puts 2 codes × 6 months (12 records) in a call, and the fake server holds
    // up to 24 records for those calls (every month under a second HS revision too), so they come back full.
    const revised = history.map((r) => ({ ...r, classificationCode: 'H4' }));
    const records = [...history, ...revised];
    const server = await fake({ records, previewLimit: 20 });
    const db = createTestDb();
    const summary = await runFetch(db, options(server, { recordLimit: 20 }));
    assert.ok(summary.splits > 0);
    assert.ok(server.requests.some((r) => r.query.get('maxRecords') === '20'));
    assert.equal(summary.records, records.length);
    assert.equal(summary.import?.rowsStored, records.length);
    for (const range of summary.calls) assert.ok(range.records < 20);
  });

  it('stops when it cannot be split any further, instead of keeping a cut response', async () => {
    const partners = Array.from({ length: 30 }, (_, i) =>
      comtradeRecord({ partner: 4 + i * 4, period: '201701', cmdCode: '1005', netWgt: 1, primaryValue: 1 }),
    );
    const server = await fake({ records: partners, previewLimit: 20 });
    const run = options(server, {
      partners: 'all',
      hsCodes: ['1005'],
      from: '2017-01',
      to: '2017-01',
      recordLimit: 20,
    });
    await rejects(
      runFetch(createTestDb(), run),
      'cannot-split',
      /returned 20 records.*cannot be split further.*COMTRADE_API_KEY/,
    );
  });
});

describe('--offline and --dry-run', () => {
  it('--offline after a full fetch imports the same series from the cache alone', async () => {
    const server = await fake();
    const online = createTestDb();
    const run = options(server);
    await runFetch(online, run);
    const calls = server.requests.length;
    const offline = createTestDb();
    const summary = await runFetch(offline, { ...run, offline: true, now: () => new Date('2027-06-01T00:00:00Z') });
    assert.equal(server.requests.length, calls);
    assert.equal(summary.callsFromCache, 3);
    for (const commodity of ['corn', 'rice']) {
      for (const measure of ['quantity', 'value'] as const) {
        assert.deepEqual(series(offline, commodity, measure), series(online, commodity, measure));
      }
    }
  });

  it('--offline with calls missing from the cache stops and says how many', async () => {
    const server = await fake();
    const run = options(server, { offline: true });
    await rejects(runFetch(createTestDb(), run), 'not-cached', /--offline: 3 of the 3 calls are not in the cache/);
    assert.equal(server.requests.length, 0);
  });

  it('--dry-run calls nothing; by default it asks for every HS code of the catalogue, over the last 15 years', async () => {
    const server = await fake();
    const summary = await runFetch(
      createTestDb(),
      options(server, { dryRun: true, hsCodes: undefined, from: undefined, to: undefined }),
    );
    assert.equal(server.requests.length, 0);
    assert.equal(summary.planned.length, 15);
    const first = new URL(`${server.base}/${summary.planned[0]}`).searchParams;
    assert.equal(first.get('cmdCode'), '1005,1006,2709,2710,2711');
    assert.equal(first.get('period')?.split(',')[0], '201111');
    assert.equal(
      new URL(`${server.base}/${summary.planned.at(-1)}`).searchParams.get('period')?.split(',').at(-1),
      '202610',
    );
  });
});
