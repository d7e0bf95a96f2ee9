/** server/http/auth.ts and the kept upload's file name (issue 14): the pure parts of who may write and where it goes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { crossOriginReason, tokenMatches } from '../../server/http/auth.ts';
import { safeFileName } from '../../server/http/handlers/datasets-write.ts';

function requestWith(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('tokenMatches', () => {
  it('takes the token itself only: not a prefix, a longer string or another case', () => {
    assert.equal(tokenMatches('s3cret', 's3cret'), true);
    for (const other of ['s3cre', 's3crett', 'S3CRET', '', ' s3cret'])
      assert.equal(tokenMatches(other, 's3cret'), false);
  });
});

describe('crossOriginReason', () => {
  it('lets through a request without Origin or Sec-Fetch-Site (curl, scripts) and one from the same host and port', () => {
    assert.equal(crossOriginReason(requestWith({ host: 'localhost:3000' })), undefined);
    assert.equal(
      crossOriginReason(requestWith({ host: 'localhost:3000', origin: 'http://localhost:3000' })),
      undefined,
    );
    assert.equal(
      crossOriginReason(requestWith({ host: 'Tradeflow.Internal', origin: 'https://tradeflow.internal' })),
      undefined,
    );
    for (const site of ['same-origin', 'none'])
      assert.equal(crossOriginReason(requestWith({ host: 'a', 'sec-fetch-site': site })), undefined, site);
  });

  it('refuses another host, another port, Origin null, and a cross-site or same-site fetch', () => {
    const refused: Array<Record<string, string>> = [
      { host: 'localhost:3000', origin: 'http://evil.example' },
      { host: 'localhost:3000', origin: 'http://localhost:3001' },
      { host: 'localhost:3000', origin: 'null' },
      { origin: 'http://localhost:3000' },
      { host: 'localhost:3000', 'sec-fetch-site': 'cross-site' },
      { host: 'localhost:3000', 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' },
    ];
    for (const headers of refused)
      assert.notEqual(crossOriginReason(requestWith(headers)), undefined, JSON.stringify(headers));
  });
});

describe('safeFileName', () => {
  it('keeps letters, digits, dot, dash and underscore; nothing can climb out of the upload directory', () => {
    assert.equal(safeFileName('China rice 2017.csv'), 'China_rice_2017.csv');
    assert.equal(safeFileName('../../etc/passwd'), '_.._etc_passwd');
    assert.equal(safeFileName('..'), 'upload');
    assert.equal(safeFileName('.hidden.csv'), 'hidden.csv');
    assert.equal(safeFileName('数据.csv'), '_.csv');
    assert.equal(safeFileName(`${'x'.repeat(300)}.csv`).length, 100);
    assert.match(safeFileName(`${'x'.repeat(300)}.csv`), /\.csv$/);
  });
});
