import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { importFile } from '../../server/import/import-file.ts';
import { importBundledDatasets, listBundledFiles } from '../../server/import/bundled.ts';
import { formatProblem } from '../../server/import/problems.ts';
import { createTestDb, fixedNow } from '../helpers/db.ts';
import { repoRoot } from '../helpers/paths.ts';

const dataDir = join(repoRoot, 'data');

describe('bundled datasets in data/', () => {
  const files = listBundledFiles(dataDir);

  it('are there: customs flows, 1718 notifications, shipments, events, conversion factors, published claims', async () => {
    const db = createTestDb();
    const formatsSeen = new Set<string>();
    for (const file of files) {
      const summary = await importFile(db, file, { now: fixedNow });
      if (summary.format) formatsSeen.add(summary.format);
    }
    assert.deepEqual([...formatsSeen].sort(), ['claims', 'events', 'factors', 'flows', 'shipments', 'un1718']);
  });

  for (const file of files) {
    it(`${basename(file)} imports with zero problems, every row citing a source`, async () => {
      const db = createTestDb();
      const summary = await importFile(db, file, { now: fixedNow });
      assert.deepEqual(
        summary.problems.map((p) => formatProblem(basename(file), p)),
        [],
      );
      assert.equal(summary.status, 'imported');
      assert.ok(summary.rowsStored > 0);
      assert.equal(summary.duplicatesSkipped, 0, 'no repeated rows in bundled data');
    });
  }

  it('every stored row names its source', async () => {
    const db = createTestDb();
    await importBundledDatasets(db, dataDir, fixedNow);
    for (const table of ['trade_flows', 'un1718_reports', 'shipments', 'events', 'conversion_factors', 'claims']) {
      const missing = db.prepare(`SELECT count(*) AS n FROM ${table} WHERE source IS NULL OR trim(source) = ''`).get();
      assert.deepEqual(missing, { n: 0 }, table);
    }
  });

  it('China 2021 notifications to the 1718 Committee sum to the published 91,909 barrels, Jan-Feb not reported', async () => {
    const db = createTestDb();
    await importBundledDatasets(db, dataDir, fixedNow);
    const rows = db
      .prepare(
        `SELECT period, value, unit, status FROM un1718_reports
         WHERE reporter = 'CHN' AND period BETWEEN '2021-01' AND '2021-12' ORDER BY period`,
      )
      .all() as Array<{ period: string; value: number | null; unit: string; status: string }>;
    assert.deepEqual(
      rows.slice(0, 2).map((r) => [r.period, r.value, r.status]),
      [
        ['2021-01', null, 'not-reported'],
        ['2021-02', null, 'not-reported'],
      ],
    );
    assert.ok(rows.every((r) => r.unit === 'bbl'));
    assert.equal(
      rows.reduce((sum, r) => sum + (r.value ?? 0), 0),
      91_909,
    );
  });

  it('importing them twice is a no-op the second time (how every start-up runs)', async () => {
    const db = createTestDb();
    const first = await importBundledDatasets(db, dataDir, fixedNow);
    const second = await importBundledDatasets(db, dataDir, fixedNow);
    assert.ok(first.every((s) => s.status === 'imported'));
    assert.ok(second.every((s) => s.status === 'unchanged'));
  });
});
