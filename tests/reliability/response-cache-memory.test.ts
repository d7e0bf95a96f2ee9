/**
 * The response cache holds what it says it holds. Found by the load bench (scripts/bench/load-bench.ts): with many
 * distinct small answers (3 KB series), the server's RSS went from 112 MiB to 329 MiB in 60 s, far more than the
 * cache's 32 MiB bound explains, because a small Buffer is a slice of Node's shared 8 KiB allocation pool, and
 * keeping the slice keeps the whole slab alive.
 * Measured here as the growth of `process.memoryUsage().arrayBuffers` (where Buffers live) after garbage collection.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createResponseCache } from '../../server/http/response-cache.ts';
import { createTestDb, fixedNow } from '../helpers/db.ts';
import { memoryAfterGc } from '../helpers/memory.ts';

function arrayBufferBytes(): number {
  return memoryAfterGc().arrayBuffers;
}

describe('the response cache under many distinct small answers', () => {
  it('keeps no more memory than its bound (plus a little), however the bodies were allocated', async () => {
    const maxTotalBytes = 4 * 2 ** 20;
    const db = createTestDb();
    const app = express();
    app.get('/thing', createResponseCache(db, { now: fixedNow, maxTotalBytes }).middleware, (req, res) => {
      // A 3 KB answer, as a 12-month series is, written the way Express writes JSON (one string).
      res.json({ id: req.query.id, figures: 'x'.repeat(3000) });
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const before = arrayBufferBytes();
      // 2,500 distinct answers, about 7.5 MB offered: more than the bound, so the cache fills and evicts.
      for (let batch = 0; batch < 250; batch += 1) {
        await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const response = await fetch(`http://127.0.0.1:${port}/thing?id=${batch * 10 + i}`);
            assert.equal(response.status, 200);
            await response.arrayBuffer();
          }),
        );
      }
      const kept = arrayBufferBytes() - before;
      // The bodies the cache counts come to at most maxTotalBytes; what is kept may exceed that only by a little.
      assert.ok(
        kept < maxTotalBytes * 1.5,
        `Buffers kept: ${(kept / 2 ** 20).toFixed(1)} MiB for a bound of ${(maxTotalBytes / 2 ** 20).toFixed(0)} MiB`,
      );
      // And the cache did fill: this is a test of a full cache, not of an empty one.
      assert.ok(kept > maxTotalBytes * 0.8, `Buffers kept: ${(kept / 2 ** 20).toFixed(1)} MiB`);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    }
  });
});
