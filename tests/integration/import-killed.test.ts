import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { importFile } from '../../server/import/import-file.ts';
import { openWritableDb } from '../../server/db/connection.ts';
import { createTempDir, createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture, repoRoot } from '../helpers/paths.ts';
import { writeLargeFlowsCsv } from '../helpers/generate.ts';

describe('an import killed mid-way', () => {
  it('leaves the database exactly as it was, and it still opens and passes integrity_check', async () => {
    const dir = createTempDir();
    const dbPath = join(dir, 'tradeflow.db');
    const seeded = createTestDb(dbPath);
    await importFile(seeded, fixture('import/flows-basic.csv'), { now: fixedNow });
    const before = fingerprintDb(seeded);
    seeded.close();

    const bigFile = join(dir, 'big.csv');
    await writeLargeFlowsCsv(bigFile, 200_000);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'tests/helpers/import-child.ts'), dbPath, bigFile],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let rowsSeen = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const match = /^rows (\d+)$/.exec(line);
      if (match && Number(match[1]) >= 20_000) {
        rowsSeen = Number(match[1]);
        child.kill('SIGKILL');
        break;
      }
      assert.doesNotMatch(line, /^done/, 'the import finished before it could be killed');
    }
    const [, signal] = (await new Promise((resolve) => child.on('exit', (...args) => resolve(args)))) as [
      number | null,
      string | null,
    ];
    assert.equal(signal, 'SIGKILL');
    assert.ok(rowsSeen >= 20_000, 'killed in the middle of the rows');

    const db = openWritableDb(dbPath);
    assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    assert.equal(fingerprintDb(db), before);
    assert.deepEqual(db.prepare('SELECT name FROM datasets').all(), [{ name: 'flows-basic' }]);
    db.close();
  });
});
