/**
 * The series memo (server/queries/series-memo.ts) answers exactly as computing each series from the stored rows.
 * The differential part builds random databases through the real importer (several overlapping datasets, totals and
 * their parts, products beside a finer HS breakdown, Comtrade breakdown slices and HS revisions, annual rows, gaps
 * and not-reported rows, barrels, masses, m3, estimates, factors) and compares the two ways, byte for byte, over
 * many random requests asked in a random order, so the memo serves windows of series it built for other windows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/connection.ts';
import { loadHeadline } from '../../server/queries/headline.ts';
import { loadSeries, type SeriesRequest } from '../../server/queries/series.ts';
import { describeMemo, disableMemo, forgetMemo, limitMemo } from '../../server/queries/series-memo.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import {
  createRandom,
  createRandomDb,
  flowsCsv,
  mustImport,
  randomSeriesRequest,
  type Random,
} from '../helpers/random-flows.ts';
import { dataDir } from './api-app.ts';

const now = fixedNow();

/** The answer as bytes, or the error's parameter and message: both ways must refuse alike too. */
function answer(load: () => unknown): string {
  try {
    return JSON.stringify(load());
  } catch (error) {
    const { name, message, parameter } = error as Error & { parameter?: string };
    return `${name} ${parameter ?? ''}: ${message}`;
  }
}

function compareMany(db: Db, random: Random, count: number): void {
  for (let i = 0; i < count; i += 1) {
    const seriesRequest = randomSeriesRequest(random);
    const memoized = answer(() => loadSeries(db, seriesRequest, now));
    const reference = answer(() => loadSeries(db, seriesRequest, now, { memo: false }));
    assert.equal(memoized, reference, `request ${i}: ${JSON.stringify(seriesRequest)}`);
  }
}

describe('the series memo answers as the stored rows do', () => {
  for (const seed of [1, 2, 3]) {
    it(`on random data (seed ${seed}), over 400 random requests, before and after another import`, async () => {
      const random = createRandom(seed);
      const dir = createTempDir();
      const db = await createRandomDb(random, dir);
      forgetMemo(db);
      compareMany(db, random, 250);
      const stats = describeMemo(db);
      // Not a vacuous comparison: whole series were built and windows of them served.
      assert.ok(stats && stats.entries > 10 && stats.hits > 30, JSON.stringify(stats));

      // A newer dataset over the same keys: every kept series is out of date.
      const path = join(dir, 'flows-c.csv');
      writeFileSync(path, flowsCsv(random, 0.2));
      await mustImport(db, path);
      compareMany(db, random, 150);
      db.close();
    });
  }
});

describe('when the memo builds, keeps and forgets a series', () => {
  const corn = (from?: string, to?: string): SeriesRequest => ({
    commodities: ['corn'],
    reporters: ['CHN'],
    partner: 'PRK',
    direction: 'export',
    source: 'customs',
    measure: 'quantity',
    unit: 't',
    interval: 'month',
    from,
    to,
  });

  async function bundledDb(): Promise<Db> {
    const db = createTestDb();
    await mustImport(db, join(dataDir, 'china-customs-exports-prk.csv'));
    forgetMemo(db);
    return db;
  }

  it('builds the whole series for a window that covers most of it, and serves other windows from it', async () => {
    const db = await bundledDb();
    loadSeries(db, corn(), now);
    assert.equal(describeMemo(db)?.entries, 1);
    const window = loadSeries(db, corn('2017-10', '2018-01'), now);
    assert.equal(describeMemo(db)?.hits, 1);
    assert.deepEqual(window, loadSeries(db, corn('2017-10', '2018-01'), now, { memo: false }));
    db.close();
  });

  it('keeps and serves nothing once turned off (the HTTP bench\'s "computed every time" server)', async () => {
    const db = await bundledDb();
    disableMemo(db);
    const whole = loadSeries(db, corn(), now);
    const again = loadSeries(db, corn(), now);
    assert.deepEqual(describeMemo(db), { entries: 0, bytes: 0, maxBytes: 0, hits: 0, misses: 0 });
    assert.deepEqual(again, whole);
    assert.deepEqual(whole, loadSeries(db, corn(), now, { memo: false }));
    db.close();
  });

  it('computes small windows from the rows until they add up to half the series, then builds it whole', async () => {
    const db = await bundledDb();
    // China's corn runs from 2013-09 to 2018-03: 55 months.
    loadSeries(db, corn('2017-11', '2017-11'), now);
    loadSeries(db, corn('2015-01', '2016-06'), now);
    assert.equal(describeMemo(db)?.entries, 0, '19 months of 55');
    loadSeries(db, corn('2016-07', '2017-06'), now);
    assert.equal(describeMemo(db)?.entries, 1, '31 months of 55');
    db.close();
  });

  it('builds no more whole series in one request than the points one answer may have', async () => {
    const db = createTestDb();
    const reporters = 'AFG ALB DZA AGO ARG ARM AUS AUT AZE BGD'.split(' ');
    const lines = ['reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note'];
    // Ten reporters, 1,488 months each (1901–2024): 20 series of rice and HS 1006 are 29,760 periods in all, more
    // than one answer may hold (24,000).
    for (const reporter of reporters) {
      for (let i = 0; i < 1488; i += 1) {
        const period = `${1901 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
        lines.push(`${reporter},PRK,export,${period},1006,,${i},t,,,https://example.org/${reporter},`);
      }
    }
    const path = join(createTempDir(), 'long-series.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    await mustImport(db, path);
    // Room for all 20 series, so that only the budget limits what is built.
    limitMemo(db, 64 * 2 ** 20);
    const window: SeriesRequest = { ...corn('2020-01', '2020-12'), commodities: ['rice', '1006'], reporters };
    const first = loadSeries(db, window, now);
    assert.equal(describeMemo(db)?.entries, 0);
    // A window of half of every series (20 × 745 points): each would be built whole, but 16 of 1,488 months fill
    // the 24,000-point budget.
    const half: SeriesRequest = { ...window, from: '1962-12', to: '2024-12' };
    const second = loadSeries(db, half, now);
    assert.equal(describeMemo(db)?.entries, 16);
    assert.deepEqual(second, loadSeries(db, half, now, { memo: false }));
    assert.deepEqual(first, loadSeries(db, window, now, { memo: false }));
    assert.deepEqual(loadSeries(db, window, now), first);
    db.close();
  });

  it('forgets every series when an import commits', async () => {
    const db = await bundledDb();
    const before = loadSeries(db, corn(), now);
    const dir = createTempDir();
    const path = join(dir, 'newer-corn.csv');
    writeFileSync(
      path,
      'reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note\n' +
        'CHN,PRK,export,2017-11,1005,,123,t,,,https://example.org/newer,\n',
    );
    await mustImport(db, path);
    const after = loadSeries(db, corn(), now);
    assert.notDeepEqual(after, before);
    assert.equal(after.series[0]?.points.find((p) => p.period === '2017-11')?.value, 123);
    assert.deepEqual(after, loadSeries(db, corn(), now, { memo: false }));
    db.close();
  });

  it('is neither read nor filled inside a transaction, whose rows may be rolled back', async () => {
    const db = await bundledDb();
    const committed = loadSeries(db, corn(), now);
    assert.equal(describeMemo(db)?.entries, 1);
    const rollback = new Error('roll back');
    assert.throws(
      () =>
        db.transaction(() => {
          db.prepare("DELETE FROM trade_flows WHERE commodity_group = 'corn' AND period = '2017-11'").run();
          const inside = loadSeries(db, corn(), now);
          assert.equal(inside.series[0]?.points.find((p) => p.period === '2017-11')?.value, null);
          throw rollback;
        })(),
      rollback,
    );
    assert.deepEqual(loadSeries(db, corn(), now), committed);
    db.close();
  });

  it('serves the headline and the CSV download from the same whole series, with the same answers', async () => {
    const db = await bundledDb();
    const app = createApp({ db, config: { clientDir: '/nonexistent' }, now: fixedNow, logError: () => {} });
    const csvFirst = (await request(app).get('/api/series.csv?commodity=rice&reporter=CHN').expect(200)).text;
    assert.equal(describeMemo(db)?.entries, 1);
    const headline = loadHeadline(
      db,
      {
        commodity: 'rice',
        reporter: 'CHN',
        partner: 'PRK',
        direction: 'export',
        source: 'customs',
        measure: 'quantity',
        unit: 't',
        month: '2017-11',
      },
      now,
    );
    assert.ok((describeMemo(db)?.hits ?? 0) >= 1);
    assert.equal(headline.value, 672);
    forgetMemo(db);
    const json = (await request(app).get('/api/series?commodity=rice&reporter=CHN&from=2016-01').expect(200)).body;
    assert.deepEqual(
      json,
      JSON.parse(
        JSON.stringify(
          loadSeries(db, { ...corn('2016-01'), commodities: ['rice'], to: undefined }, now, { memo: false }),
        ),
      ),
    );
    assert.match(csvFirst, /rice:CHN,rice,CHN,PRK,customs,2017-11,672,t,reported/);
    db.close();
  });
});
