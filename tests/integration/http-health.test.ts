import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { importFile } from '../../server/import/import-file.ts';
import { createTestDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';

describe('GET /api/health', () => {
  it('answers 200 with the number of datasets', async () => {
    const db = createTestDb();
    const app = createApp({ db, config: { clientDir: '/nonexistent' }, logError: () => {} });
    assert.deepEqual((await request(app).get('/api/health').expect(200)).body, { status: 'ok', datasets: 0 });
    await importFile(db, fixture('import/flows-basic.csv'), { now: fixedNow });
    assert.deepEqual((await request(app).get('/api/health').expect(200)).body, { status: 'ok', datasets: 1 });
  });

  it('an unknown path is a JSON 404', async () => {
    const app = createApp({ db: createTestDb(), config: { clientDir: '/nonexistent' }, logError: () => {} });
    const response = await request(app).get('/api/nope').expect(404).expect('Content-Type', /json/);
    assert.equal(response.body.error.code, 'not-found');
  });
});
