/**
 * Dataset versions (issue 14, migration 0007): every import records a version in its own transaction, a replaced
 * version keeps what it said per month after its rows are gone, a failed import records nothing, and a deleted
 * dataset keeps its history.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { importBundledDatasets } from '../../server/import/bundled.ts';
import { importFile } from '../../server/import/import-file.ts';
import { changedPeriods, listVersions, type VersionChange } from '../../server/queries/dataset-versions.ts';
import { deleteDataset, findDatasetByName } from '../../server/queries/imports.ts';
import { createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { dataDir } from './api-app.ts';

const later = (): Date => new Date('2026-11-24T09:30:00Z');
const name = 'rice';

async function importRice(db: ReturnType<typeof createTestDb>, file: string, now = fixedNow) {
  return importFile(db, fixture(`versions/${file}`), { datasetName: name, now });
}

const brief = (change: VersionChange) => [change.period, change.kind, change.text];

describe('dataset versions', () => {
  it('records version 1 with its summary and coverage, and the file path it read', async () => {
    const db = createTestDb();
    assert.equal((await importRice(db, 'rice-v1.csv')).status, 'imported');
    const [v1, ...rest] = listVersions(db, name) ?? [];
    assert.deepEqual(rest, []);
    assert.equal(v1?.version, 1);
    assert.equal(v1?.first, true);
    assert.equal(v1?.current, true);
    assert.deepEqual(v1?.changes, []);
    assert.equal(v1?.rowCount, 10);
    // Ten rice months, one series.
    assert.deepEqual(v1?.coverage, { series: 1, months: 10, firstPeriod: '2016-08', lastPeriod: '2023-03' });
    const stored = db.prepare('SELECT file_path AS path FROM datasets WHERE name = ?').get(name) as { path: string };
    assert.equal(stored.path, resolve(fixture('versions/rice-v1.csv')));
  });

  it('keeps what a replaced version said and lists exactly the months the new one changed', async () => {
    const db = createTestDb();
    await importRice(db, 'rice-v1.csv');
    const replaced = await importRice(db, 'rice-v2.csv', later);
    assert.equal(replaced.status, 'imported');
    assert.equal(replaced.replaced, true);
    // The first version's rows are gone from the facts ...
    const rows = db.prepare("SELECT count(*) AS n FROM trade_flows WHERE period = '2016-08'").get() as { n: number };
    assert.equal(rows.n, 0);
    // ... but not what it said.
    const [v2, v1] = listVersions(db, name) ?? [];
    assert.equal(v2?.version, 2);
    assert.equal(v2?.current, true);
    assert.equal(v1?.current, false);
    assert.equal(v1?.replacedAt, '2026-11-24T09:30:00.000Z');
    assert.equal(v2?.changeCount, 3);
    assert.deepEqual(v2?.changes.map(brief), [
      ['2016-08', 'removed', 'China rice 2016-08: removed (was 6,300 t)'],
      ['2017-11', 'revised', 'China rice 2017-11: 672 t → 700 t'],
      ['2018-04', 'added', 'China rice 2018-04: added, 300 t'],
    ]);
    const revised = v2?.changes[1];
    assert.equal(revised?.series, 'China rice (HS 1006) exports to North Korea');
    assert.deepEqual(revised?.before, { rows: 1, quantity: 672, unit: 't', valueUsd: null });
    assert.deepEqual(revised?.after, { rows: 1, quantity: 700, unit: 't', valueUsd: null });
  });

  it('records nothing for a failed replacement: the database is exactly as it was', async () => {
    const db = createTestDb();
    await importRice(db, 'rice-v1.csv');
    const before = fingerprintDb(db);
    const failed = await importRice(db, 'rice-v2-bad.csv', later);
    assert.equal(failed.status, 'failed');
    assert.deepEqual(
      failed.problems.map((p) => [p.line, p.column, p.code]),
      [[4, 4, 'INVALID_PERIOD']],
    );
    assert.equal(fingerprintDb(db), before);
    assert.deepEqual(
      listVersions(db, name)?.map((v) => [v.version, v.current]),
      [[1, true]],
    );
  });

  it('re-importing the same file records no new version', async () => {
    const db = createTestDb();
    await importRice(db, 'rice-v1.csv');
    assert.equal((await importRice(db, 'rice-v1.csv', later)).status, 'unchanged');
    assert.equal(listVersions(db, name)?.length, 1);
  });

  it('a deleted dataset keeps its history, marked deleted; importing the name again continues it', async () => {
    const db = createTestDb();
    await importRice(db, 'rice-v1.csv');
    await importRice(db, 'rice-v2.csv', later);
    const current = findDatasetByName(db, name);
    assert.ok(current);
    db.transaction(() => deleteDataset(db, current.id, new Date('2026-11-25T00:00:00Z')))();
    assert.equal(findDatasetByName(db, name), undefined);
    const afterDelete = listVersions(db, name) ?? [];
    assert.deepEqual(
      afterDelete.map((v) => [v.version, v.current, v.deletedAt]),
      [
        [2, false, '2026-11-25T00:00:00.000Z'],
        [1, false, null],
      ],
    );
    // Still answerable once the rows are gone.
    assert.equal(afterDelete[0]?.changeCount, 3);
    // Version 3 is compared with version 2, the last one the name had.
    await importRice(db, 'rice-v1.csv', () => new Date('2026-11-26T00:00:00Z'));
    const [v3] = listVersions(db, name) ?? [];
    assert.equal(v3?.version, 3);
    assert.deepEqual(
      v3?.changes.map((c) => [c.period, c.kind]),
      [
        ['2016-08', 'added'],
        ['2017-11', 'revised'],
        ['2018-04', 'removed'],
      ],
    );
  });

  it('summarizes every kind of bundled dataset, each current as version 1', async () => {
    const db = createTestDb();
    await importBundledDatasets(db, dataDir, fixedNow);
    const names = (db.prepare('SELECT name FROM datasets ORDER BY id').all() as Array<{ name: string }>).map(
      (row) => row.name,
    );
    assert.ok(names.length >= 6, names.join(', '));
    for (const dataset of names) {
      const [v1, ...rest] = listVersions(db, dataset) ?? [];
      assert.deepEqual(rest, [], dataset);
      assert.equal(v1?.current, true, dataset);
      assert.ok((v1?.coverage.series ?? 0) > 0, `${dataset} has series in its summary`);
      const summed = db
        .prepare(
          `SELECT sum(m.rows) AS n FROM version_months m JOIN dataset_versions v ON v.id = m.version_id
           WHERE v.name = ?`,
        )
        .get(dataset) as { n: number };
      // Every row is counted once, in exactly one (series, period) of the summary.
      assert.equal(summed.n, v1?.rowCount, dataset);
    }
  });

  it('compares two versions by primary-key seeks, never a scan (a FULL JOIN of two subqueries was a nested scan)', () => {
    const db = createTestDb();
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${changedPeriods}`)
      .all({ before: 1, after: 2 })
      .map((row) => (row as { detail: string }).detail);
    assert.ok(!plan.some((d) => d.startsWith('SCAN')), plan.join('\n'));
    assert.equal(
      plan.filter((d) => /^SEARCH [ab] USING PRIMARY KEY \(version_id=\?/.test(d)).length,
      4,
      plan.join('\n'),
    );
  });
});
