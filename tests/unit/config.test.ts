/** server/config.ts: the https settings of issue 13 (TRADEFLOW_HTTPS, TRADEFLOW_TRUST_PROXY), read and checked. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, readConfig } from '../../server/config.ts';

describe('readConfig', () => {
  it('serves plain HTTP with no proxy trusted by default', () => {
    const config = readConfig({});
    assert.equal(config.https, false);
    assert.equal(config.trustProxy, false);
  });

  it('reads TRADEFLOW_HTTPS as 1 or 0, and refuses anything else naming the variable', () => {
    assert.equal(readConfig({ TRADEFLOW_HTTPS: '1' }).https, true);
    assert.equal(readConfig({ TRADEFLOW_HTTPS: '0' }).https, false);
    assert.equal(readConfig({ TRADEFLOW_HTTPS: '' }).https, false);
    assert.throws(
      () => readConfig({ TRADEFLOW_HTTPS: 'yes' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /TRADEFLOW_HTTPS.*"yes"/);
        return true;
      },
    );
  });

  it("reads TRADEFLOW_TRUST_PROXY as Express's trust proxy setting", () => {
    const table: [string, boolean | number | string][] = [
      ['', false],
      ['false', false],
      ['true', true],
      ['1', 1],
      ['loopback', 'loopback'],
      ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
      ['192.168.1.2,::1', '192.168.1.2,::1'],
    ];
    for (const [text, expected] of table)
      assert.deepEqual(readConfig({ TRADEFLOW_TRUST_PROXY: text }).trustProxy, expected, text);
    for (const bad of ['yes', '10.0.0.0/8/1', 'loopbak', '300.1.1.1']) {
      assert.throws(() => readConfig({ TRADEFLOW_TRUST_PROXY: bad }), /TRADEFLOW_TRUST_PROXY/, bad);
    }
  });
});

describe('readConfig: uploads (issue 14)', () => {
  it('leaves writes off unless TRADEFLOW_ADMIN_TOKEN holds a token (an empty one counts as unset)', () => {
    assert.equal(readConfig({}).adminToken, undefined);
    assert.equal(readConfig({ TRADEFLOW_ADMIN_TOKEN: '' }).adminToken, undefined);
    assert.equal(readConfig({ TRADEFLOW_ADMIN_TOKEN: 's3cret token' }).adminToken, 's3cret token');
  });

  it('takes 200 MiB by default, or TRADEFLOW_UPLOAD_MAX_BYTES as a whole number, refusing anything else', () => {
    assert.equal(readConfig({}).uploadMaxBytes, 209_715_200);
    assert.equal(readConfig({ TRADEFLOW_UPLOAD_MAX_BYTES: '1024' }).uploadMaxBytes, 1024);
    for (const bad of ['0', '-1', '1.5', '10MB', ' 12', '1e6']) {
      assert.throws(
        () => readConfig({ TRADEFLOW_UPLOAD_MAX_BYTES: bad }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /TRADEFLOW_UPLOAD_MAX_BYTES/);
          return true;
        },
        bad,
      );
    }
  });

  it('keeps uploads in uploads/ beside the database unless TRADEFLOW_UPLOAD_DIR says where', () => {
    assert.equal(readConfig({ TRADEFLOW_DB: '/srv/tf/trade.db' }).uploadDir, '/srv/tf/uploads');
    assert.match(readConfig({}).uploadDir, /[/\\]data[/\\]uploads$/);
    assert.equal(readConfig({ TRADEFLOW_UPLOAD_DIR: '/var/tf-up' }).uploadDir, '/var/tf-up');
  });
});
