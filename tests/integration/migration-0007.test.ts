/**
 * Migration 0007 on an existing database: every dataset already imported becomes its name's version 1, with the
 * same summary and coverage the importer records for a new import (the migration and recordVersion must agree), and
 * a later replacement is compared with it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { importBundledDatasets } from '../../server/import/bundled.ts';
import { importFile } from '../../server/import/import-file.ts';
import { listVersions } from '../../server/queries/dataset-versions.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { dataDir } from './api-app.ts';

/** Versions and their summaries by content (names, keys), not by ids. */
function readHistory(db: Db): unknown {
  return {
    versions: db
      .prepare(
        `SELECT name, version, dataset_id, file_name, sha256, format, row_count, imported_at, replaced_at, deleted_at,
           source_description, series_count, period_count, first_period, last_period
         FROM dataset_versions ORDER BY name, version`,
      )
      .all(),
    months: db
      .prepare(
        `SELECT v.name, v.version, s.key, m.period, m.rows, m.quantity, m.value_usd
         FROM version_months m JOIN dataset_versions v ON v.id = m.version_id JOIN version_series s ON s.id = m.series_id
         ORDER BY v.name, v.version, s.key, m.period`,
      )
      .all(),
  };
}

/** Takes a migrated database back to how 0006 left it: the history's tables gone, datasets without file_path. */
function undo0007(db: Db): void {
  db.exec(`DROP VIEW version_row_summaries; DROP VIEW version_flow_series_keys;
    DROP TABLE version_months; DROP TABLE version_series; DROP TABLE dataset_versions;
    ALTER TABLE datasets DROP COLUMN file_path;
    DELETE FROM schema_migrations WHERE name = '0007_dataset_versions.sql';`);
}

describe('migration 0007: dataset versions', () => {
  it('makes every existing dataset its version 1, with the summary the importer records', async () => {
    const db = createTestDb();
    await importBundledDatasets(db, dataDir, fixedNow);
    const recordedByImporter = readHistory(db);
    // The importer's own records, before the database is taken back to 0006.
    assert.ok((recordedByImporter as { months: unknown[] }).months.length > 50);
    undo0007(db);
    assert.deepEqual(migrate(db), ['0007_dataset_versions.sql']);
    const recordedByMigration = readHistory(db);
    assert.deepEqual(recordedByMigration, recordedByImporter);
    // Datasets from before 0007 have no file path: their originals cannot be offered.
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM datasets WHERE file_path IS NOT NULL').get(), { n: 0 });
  });

  it('compares a replacement imported after the migration with the migrated version 1', async () => {
    const db = createTestDb();
    const dir = createTempDir();
    const file = join(dir, 'rice.csv');
    copyFileSync(fixture('versions/rice-v1.csv'), file);
    assert.equal((await importFile(db, file, { now: fixedNow })).status, 'imported');
    undo0007(db);
    migrate(db);
    copyFileSync(fixture('versions/rice-v2.csv'), file);
    assert.equal((await importFile(db, file, { now: fixedNow })).status, 'imported');
    const [v2, v1] = listVersions(db, 'rice') ?? [];
    assert.equal(v1?.version, 1);
    assert.equal(v2?.version, 2);
    assert.deepEqual(
      v2?.changes.map((c) => c.text),
      [
        'China rice 2016-08: removed (was 6,300 t)',
        'China rice 2017-11: 672 t → 700 t',
        'China rice 2018-04: added, 300 t',
      ],
    );
  });
});
