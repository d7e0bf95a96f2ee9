/**
 * Issue 13: over plain HTTP the answers carry no Strict-Transport-Security and no `upgrade-insecure-requests` (which
 * would send a browser on an intranet name to https for the page's own files); over https (TRADEFLOW_HTTPS=1, or a
 * trusted proxy's X-Forwarded-Proto) they carry both. Replayed answers (response-cache.ts) follow the same rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';

function appWith(config: Partial<Pick<Config, 'https' | 'trustProxy'>>) {
  const clientDir = createTempDir('tradeflow-client-');
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Tradeflow</title>');
  return createApp({ db: createTestDb(), config: { clientDir, ...config }, now: fixedNow, logError: () => {} });
}

function assertPlainHttp(headers: Record<string, string | undefined>, what: string): void {
  assert.equal(headers['strict-transport-security'], undefined, `${what}: no HSTS`);
  const csp = headers['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/, `${what}: the rest of the CSP stays`);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/, `${what}: no upgrade-insecure-requests`);
  assert.equal(headers['cross-origin-opener-policy'], undefined, `${what}: no COOP (ignored over http)`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: the other helmet headers stay`);
}

function assertHttps(headers: Record<string, string | undefined>, what: string): void {
  assert.match(headers['strict-transport-security'] ?? '', /max-age=\d+/, `${what}: HSTS`);
  assert.match(headers['content-security-policy'] ?? '', /upgrade-insecure-requests/, `${what}: upgrade`);
  assert.equal(headers['cross-origin-opener-policy'], 'same-origin', what);
}

describe('security headers and the way the server is reached', () => {
  it('by default (plain HTTP, no proxy trusted): neither HSTS nor upgrade-insecure-requests, page or API', async () => {
    const app = appWith({});
    assertPlainHttp((await request(app).get('/').expect(200)).headers, 'the page');
    assertPlainHttp((await request(app).get('/api/events').expect(200)).headers, 'an API answer');
    // An untrusted peer cannot turn them on by claiming https.
    const claimed = await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
    assertPlainHttp(claimed.headers, 'X-Forwarded-Proto from a peer not trusted');
  });

  it('with TRADEFLOW_HTTPS=1: both, on every answer, replayed ones included', async () => {
    const app = appWith({ https: true });
    assertHttps((await request(app).get('/').expect(200)).headers, 'the page');
    assertHttps((await request(app).get('/api/events').expect(200)).headers, 'an API answer');
    assertHttps((await request(app).get('/api/events').expect(200)).headers, 'the same answer replayed');
  });

  it('behind a trusted proxy: decided per request by X-Forwarded-Proto, and never replayed across the two', async () => {
    // supertest connects from 127.0.0.1, the proxy here.
    const app = appWith({ trustProxy: 'loopback' });
    assertHttps((await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200)).headers, 'https page');
    assertPlainHttp((await request(app).get('/').set('X-Forwarded-Proto', 'http').expect(200)).headers, 'http');
    assertPlainHttp((await request(app).get('/').expect(200)).headers, 'no header');
    assertHttps(
      (await request(app).get('/').set('X-Forwarded-Proto', 'https, http').expect(200)).headers,
      'the first of a list, as Express reads it',
    );

    const url = '/api/events?category=resolution';
    const secure = await request(app).get(url).set('X-Forwarded-Proto', 'https').expect(200);
    assertHttps(secure.headers, 'API over https');
    const plain = await request(app).get(url).expect(200);
    assertPlainHttp(plain.headers, 'the same URL over http after an https answer was remembered');
    assert.equal(plain.text, secure.text);
    assertHttps((await request(app).get(url).set('X-Forwarded-Proto', 'https').expect(200)).headers, 'replayed');
  });

  it('a proxy that is not the peer is not trusted', async () => {
    const app = appWith({ trustProxy: '10.0.0.0/8' });
    assertPlainHttp((await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200)).headers, 'peer');
  });
});
