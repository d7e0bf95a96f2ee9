import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';

/** A client directory with a script big enough to be worth compressing, as client/dist's main.js is. */
function clientDirWithScript(): { dir: string; script: string } {
  const dir = createTempDir('tradeflow-client-');
  const script = 'console.log("tradeflow");\n'.repeat(2000);
  writeFileSync(join(dir, 'main.js'), script);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tradeflow</title>');
  return { dir, script };
}

describe('the dashboard files', () => {
  it('go out gzipped to a browser that accepts it, and as they are to one that does not', async () => {
    const { dir, script } = clientDirWithScript();
    const app = createApp({ db: createTestDb(), config: { clientDir: dir }, now: fixedNow, logError: () => {} });
    const gzipped = await request(app).get('/main.js').set('Accept-Encoding', 'gzip').expect(200);
    assert.equal(gzipped.headers['content-encoding'], 'gzip');
    assert.equal(gzipped.text, script, 'the same bytes once decompressed');
    const plain = await request(app).get('/main.js').set('Accept-Encoding', 'identity').expect(200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.text, script);
  });

  it('API answers stay uncompressed (they are remembered and replayed as sent)', async () => {
    const { dir } = clientDirWithScript();
    const app = createApp({ db: createTestDb(), config: { clientDir: dir }, now: fixedNow, logError: () => {} });
    const answer = await request(app).get('/api/events').set('Accept-Encoding', 'gzip').expect(200);
    assert.equal(answer.headers['content-encoding'], undefined);
  });
});
