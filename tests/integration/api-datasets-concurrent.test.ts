/**
 * The issue 14 promise "an import while the server serves: readers see the old or the new version, never a mix",
 * as production runs it: a file database, a read-only connection for reads and the writable one for the upload, a
 * real server on 127.0.0.1. 50 connections read /api/series while a 100,000-row file replaces the dataset the series
 * comes from; every answer must be byte for byte the answer before or the answer after, and none an error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, rmSync, statSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { openReadOnlyDb, type Db } from '../../server/db/connection.ts';
import { importFile } from '../../server/import/import-file.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import { writeLargeFlowsCsv } from '../helpers/generate.ts';
import { answerOf, multipartFrame, postDatasets } from '../helpers/raw-upload.ts';

const token = 'concurrent-test-token';
const connections = 50;
// HS codes 100000-100099 in every month: each month sums 100 rows of the generated files (tests/helpers/generate.ts),
// so an answer computed from half a replaced dataset would show another sum. Two years, not all 25: the answer
// stays small (17 KB, not 420 KB), so the readers, which run in this process, leave the server and importer time.
const seriesPath = '/api/series?commodity=1000&reporter=CHN&from=2000-01&to=2001-12';

interface Answer {
  status: number;
  body: string;
}

function get(agent: Agent, port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** POSTs `file` as multipart/form-data, streamed from disk (the whole file never in this process's memory either). */
async function uploadFile(port: number, file: string, fields: Record<string, string>): Promise<Answer> {
  const { contentType, head, tail } = multipartFrame('generated.csv', fields, `tradeflow-${Date.now()}`);
  const req = postDatasets(port, {
    authorization: `Bearer ${token}`,
    contentType,
    contentLength: Buffer.byteLength(head) + statSync(file).size + Buffer.byteLength(tail),
  });
  const answered = answerOf(req);
  req.write(head);
  for await (const chunk of createReadStream(file)) {
    if (!req.write(chunk)) await once(req, 'drain');
  }
  req.end(tail);
  const { response, body } = await answered;
  return { status: response.statusCode ?? 0, body };
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('an upload while 50 connections read', () => {
  let dir: string;
  let writable: Db;
  let readOnly: Db;
  let server: Server;
  let port: number;
  let bigFile: string;

  before(async () => {
    dir = createTempDir('tradeflow-concurrent-');
    const dbPath = join(dir, 'tradeflow.db');
    writable = createTestDb(dbPath);
    // The version readers start with: 30,000 rows (every HS code the series sums, quantity 1).
    const first = join(dir, 'first.csv');
    await writeLargeFlowsCsv(first, 30_000, 1);
    const imported = await importFile(writable, first, { datasetName: 'generated', now: fixedNow });
    assert.equal(imported.status, 'imported');
    // The upload: 100,000 rows under the same name, quantity 2, so every month of the series changes.
    bigFile = join(dir, 'big.csv');
    await writeLargeFlowsCsv(bigFile, 100_000, 2);
    readOnly = openReadOnlyDb(dbPath);
    const app = createApp({
      db: readOnly,
      writeDb: writable,
      config: { clientDir: '/nonexistent', adminToken: token, uploadDir: join(dir, 'uploads') },
      now: fixedNow,
      logError: (error) => console.error(error),
    });
    server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    readOnly.close();
    writable.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every read with the data before or after the upload, never a mix and never an error', async (t) => {
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const beforeAnswer = await get(agent, port, seriesPath);
    assert.equal(beforeAnswer.status, 200);
    const beforePoints = (JSON.parse(beforeAnswer.body) as { series: Array<{ points: Array<{ value: number }> }> })
      .series[0]?.points;
    assert.equal(beforePoints?.length, 24);
    assert.ok(beforePoints?.every((p) => p.value === 100));

    const seen = new Map<string, number>();
    const failures: string[] = [];
    let uploading = true;
    const reader = async (): Promise<void> => {
      while (uploading) {
        try {
          const answer = await get(agent, port, seriesPath);
          if (answer.status !== 200) failures.push(`status ${answer.status}: ${answer.body.slice(0, 200)}`);
          const hash = digest(answer.body);
          seen.set(hash, (seen.get(hash) ?? 0) + 1);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const readers = Array.from({ length: connections }, reader);
    const uploadStarted = performance.now();
    const uploaded = await uploadFile(port, bigFile, { name: 'generated', source: 'generated for the test' });
    t.diagnostic(`upload and import took ${Math.round(performance.now() - uploadStarted)} ms`);
    // The first read after the upload's answer: the response cache must not replay the old answer.
    const firstAfter = await get(agent, port, seriesPath);
    uploading = false;
    await Promise.all(readers);
    agent.destroy();

    assert.equal(uploaded.status, 201, uploaded.body);
    const summary = (JSON.parse(uploaded.body) as { summary: { rowsStored: number; replaced: boolean } }).summary;
    assert.equal(summary.rowsStored, 100_000);
    assert.equal(summary.replaced, true);

    // The after-answer, computed fresh: a new app on a new read-only connection, with no response cache.
    const fresh = openReadOnlyDb(join(dir, 'tradeflow.db'));
    const freshApp = createApp({
      db: fresh,
      config: { clientDir: '/nonexistent' },
      now: fixedNow,
      responseCacheBytes: 0,
    });
    const freshServer = createServer(freshApp).listen(0, '127.0.0.1');
    await once(freshServer, 'listening');
    const freshAgent = new Agent({ keepAlive: false });
    const afterAnswer = await get(freshAgent, (freshServer.address() as AddressInfo).port, seriesPath);
    await new Promise((resolve) => freshServer.close(resolve));
    fresh.close();
    const afterPoints = (JSON.parse(afterAnswer.body) as { series: Array<{ points: Array<{ value: number }> }> })
      .series[0]?.points;
    assert.ok(afterPoints?.every((p) => p.value === 200));

    assert.equal(firstAfter.body, afterAnswer.body, 'the first read after the upload sees the new data');
    assert.deepEqual(failures, []);
    const known = new Set([digest(beforeAnswer.body), digest(afterAnswer.body)]);
    const strays = [...seen.keys()].filter((hash) => !known.has(hash));
    assert.deepEqual(strays, [], 'every answer is the before- or the after-answer');
    const total = [...seen.values()].reduce((sum, n) => sum + n, 0);
    t.diagnostic(
      `${total} reads: ${seen.get(digest(beforeAnswer.body)) ?? 0} before, ${seen.get(digest(afterAnswer.body)) ?? 0} after`,
    );
    assert.ok(total >= connections, `the readers read during the upload (${total} answers)`);
    assert.ok((seen.get(digest(beforeAnswer.body)) ?? 0) > 0, 'some reads saw the old data while it imported');
  });
});
