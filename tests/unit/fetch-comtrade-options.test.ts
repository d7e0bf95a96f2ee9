/** The options of `npm run fetch -- comtrade`: defaults, and every bad value named by its option. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FetchUsageError } from '../../server/fetch/comtrade/errors.ts';
import { parseFetchCommand } from '../../server/fetch/comtrade/options.ts';

const config = { apiKey: undefined, apiBase: 'https://comtradeapi.un.org', cacheDir: '/cache' };

describe('parseFetchCommand', () => {
  it('defaults: China → North Korea, monthly exports, the catalogue, the last 15 years, 10 calls a minute, 30 days', () => {
    const command = parseFetchCommand(['comtrade'], config);
    assert.deepEqual(
      { ...command },
      {
        help: false,
        reporters: [156],
        partners: [408],
        hsCodes: undefined,
        flows: ['X'],
        frequency: 'M',
        from: undefined,
        to: undefined,
        datasetName: 'comtrade-chn-prk-m-x',
        dbPath: undefined,
        dryRun: false,
        offline: false,
        maxAgeDays: 30,
        callsPerMinute: 10,
        key: undefined,
        base: 'https://comtradeapi.un.org',
        cacheDir: '/cache',
      },
    );
  });

  it('every option', () => {
    const command = parseFetchCommand(
      ['comtrade', '--reporter', 'CHN,643', '--partner', 'all', '--hs', '1005,271019', '--from', '2010', '--to', '2024']
        .concat(['--freq', 'a', '--flow', 'X,M', '--db', 'x.db', '--dry-run', '--offline', '--max-age', '0'])
        .concat(['--rate', '2.5', '--key', 'k', '--cache-dir', 'c']),
      config,
    );
    assert.deepEqual(
      [
        command.reporters,
        command.partners,
        command.hsCodes,
        command.frequency,
        command.flows,
        command.from,
        command.to,
      ],
      [[156, 643], 'all', ['1005', '271019'], 'A', ['X', 'M'], '2010', '2024'],
    );
    assert.equal(command.datasetName, 'comtrade-chn_643-all-a-x_m-hs1005_271019');
    assert.deepEqual(
      [
        command.dbPath,
        command.dryRun,
        command.offline,
        command.maxAgeDays,
        command.callsPerMinute,
        command.key,
        command.cacheDir,
      ],
      ['x.db', true, true, 0, 2.5, 'k', 'c'],
    );
  });

  it('the key from COMTRADE_API_KEY unless --key gives one', () => {
    assert.equal(parseFetchCommand(['comtrade'], { ...config, apiKey: 'env' }).key, 'env');
    assert.equal(parseFetchCommand(['comtrade', '--key', 'flag'], { ...config, apiKey: 'env' }).key, 'flag');
  });

  const usage: Array<[string[], string, RegExp]> = [
    [['comtrade', '--freq', 'Q'], '--freq', /"Q" is not M or A/],
    [['comtrade', '--from', '2017-13'], '--from', /"2017-13" is not a month, YYYY-MM/],
    [['comtrade', '--freq', 'A', '--from', '2017-01'], '--from', /"2017-01" is not a year, YYYY/],
    [['comtrade', '--from', '2018-01', '--to', '2017-01'], '--from', /2018-01 is after --to 2017-01/],
    [['comtrade', '--flow', 'RX'], '--flow', /"RX" is not X \(exports\) or M \(imports\)/],
    [['comtrade', '--hs', '709'], '--hs', /"709" is not an HS code of 2, 4 or 6 digits/],
    [['comtrade', '--rate', '0'], '--rate', /"0" is not a positive number/],
    [['comtrade', '--max-age=-1'], '--max-age', /"-1" is not a non-negative number/],
    [['comtrade', '--reporter', 'USA'], '--reporter', /"USA" is not a Comtrade area Tradeflow knows/],
    [['comtrade', '--partner', 'all,PRK'], '--partner', /"all" cannot be combined/],
    [['comtrade', '--dataset', '../x'], '--dataset', /"\.\.\/x" is not a name/],
    [['comtrade', '--colour'], 'options', /Unknown option '--colour'/],
    [['wto'], 'source', /the source to fetch from is "comtrade"/],
  ];
  for (const [args, option, message] of usage) {
    it(`refuses ${args.slice(1).join(' ') || args.join(' ')}, naming ${option}`, () => {
      assert.throws(
        () => parseFetchCommand(args, config),
        (error: unknown) => error instanceof FetchUsageError && error.option === option && message.test(error.message),
      );
    });
  }
});
