/**
 * Random customs data for property tests of the series query (tests/integration/series-sources-random.test.ts):
 * overlapping datasets in Tradeflow's and Comtrade+'s formats, imported by the real importer, and random requests
 * over them. Fixed seeds: a failing case fails again.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../server/db/connection.ts';
import { importFile } from '../../server/import/import-file.ts';
import type { SeriesRequest } from '../../server/queries/series.ts';
import { createTestDb, fixedNow } from './db.ts';
import { repoRoot } from './paths.ts';
import { createRandom } from '../../scripts/bench/generate-flows.ts';

const dataDir = join(repoRoot, 'data');

/** mulberry32, the bench generator's: a failing seed fails again. */
export { createRandom };

export type Random = () => number;

function pick<T>(random: Random, values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from nothing');
  return value;
}

const reporters = ['CHN', 'RUS'] as const;
const partners = ['PRK', 'KOR'] as const;
const directions = ['export', 'import'] as const;
const months = Array.from(
  { length: 48 },
  (_, i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
const years = ['2015', '2016', '2017', '2018'];

/** HS code and product pairs: headings, their products (fuel oil and its two parts), sub-headings, codes in no group. */
const flowKeys: ReadonlyArray<[string, string]> = [
  ['2710', ''],
  ['2710', 'gasoline'],
  ['2710', 'diesel'],
  ['2710', 'jet-fuel'],
  ['2710', 'fuel-oil'],
  ['2710', 'fuel-oil-5-7'],
  ['2710', 'fuel-oil-other'],
  ['271012', ''],
  ['271019', ''],
  ['2711', ''],
  ['2711', 'lpg'],
  ['271112', ''],
  ['2709', ''],
  ['1005', ''],
  ['100590', ''],
  ['1006', ''],
  ['2713', ''],
  ['2712', ''],
];

function amount(random: Random): string {
  const r = random();
  if (r < 0.08) return '0';
  return (random() * 5000).toFixed(r < 0.5 ? 3 : 0);
}

/** A Tradeflow flows file: each possible key with probability `density`, figures in t, kg, bbl or m3, gaps. */
export function flowsCsv(random: Random, density: number): string {
  const lines = ['reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note'];
  for (const reporter of reporters)
    for (const partner of partners)
      for (const direction of directions)
        for (const period of [...months, ...years]) {
          if (period.length === 4 && random() < 0.5) continue;
          for (const [hsCode, product] of flowKeys) {
            if (random() > density) continue;
            const kind = random();
            let quantity = '';
            let unit = '';
            let value = random() < 0.6 ? amount(random) : '';
            let status = '';
            if (kind < 0.12) {
              status = 'not-reported';
              value = '';
            } else if (kind < 0.82) {
              quantity = amount(random);
              // HS 2712 (no group, no factor) is stored in tonnes by month and in barrels by year: a yearly series
              // of it reads barrels from the annual rows only.
              if (hsCode === '2712') unit = period.length === 4 ? 'bbl' : 't';
              else
                unit = period.length === 4 ? pick(random, ['bbl', 'kg']) : pick(random, ['t', 't', 'kg', 'bbl', 'm3']);
              if (random() < 0.1) status = 'estimated';
            } else if (value === '') {
              value = amount(random);
            }
            const source = `https://example.org/${pick(random, ['a', 'b', 'c'])}/${period}`;
            lines.push(
              [reporter, partner, direction, period, hsCode, product, quantity, unit, value, status, source, ''].join(
                ',',
              ),
            );
          }
        }
  return lines.join('\n') + '\n';
}

const plusHeader =
  'typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate';
const areaCodes: Readonly<Record<string, string>> = { CHN: '156', RUS: '643', PRK: '408', KOR: '410', W00: '0' };

/**
 * A Comtrade+ download: codes under several HS revisions, broken down by second partner, customs procedure and
 * modes of transport and supply (with Comtrade's "0 " for all modes of supply), aggregates, estimate flags, net
 * weights with or without a quantity, annual rows.
 */
export function comtradePlusCsv(random: Random, rows: number): string {
  const lines = [plusHeader];
  const seen = new Set<string>();
  for (let i = 0; i < rows; i += 1) {
    const reporter = pick(random, reporters);
    const partner = pick(random, partners);
    const flow = pick(random, ['X', 'X', 'M']);
    const annual = random() < 0.15;
    const period = annual ? pick(random, years) : pick(random, months);
    const cmdCode = pick(random, ['2710', '271012', '271019', '2711', '271112', '1005', '100590', '1006']);
    const revision = pick(random, ['H5', 'H5', 'H4']);
    const partner2 = random() < 0.8 ? 'W00' : 'CHN';
    const customs = random() < 0.85 ? 'C00' : 'C01';
    const mot = random() < 0.85 ? '0' : '1000';
    const mos = pick(random, ['0', '0', '0 ', '1']);
    // The reader trims cells, so '0 ' and '0' are the same key.
    const key = [reporter, partner, flow, period, cmdCode, revision, partner2, customs, mot, mos.trim()].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const year = period.slice(0, 4);
    const month = annual ? '52' : String(Number(period.slice(5, 7)));
    const withQuantity = random() < 0.4;
    const netWeight = random() < 0.8 ? amount(random) : '';
    const value = random() < 0.8 ? amount(random) : '';
    lines.push(
      [
        'C',
        annual ? 'A' : 'M',
        annual ? `${year}0101` : `${year}${period.slice(5, 7)}01`,
        year,
        month,
        annual ? year : `${year}${period.slice(5, 7)}`,
        areaCodes[reporter],
        reporter,
        'reporter',
        flow,
        flow === 'X' ? 'Export' : 'Import',
        areaCodes[partner],
        partner,
        'partner',
        areaCodes[partner2],
        partner2,
        'second partner',
        revision,
        'HS',
        'True',
        cmdCode,
        'commodity',
        String(cmdCode.length),
        'False',
        customs,
        'procedure',
        mos,
        mot,
        'transport',
        withQuantity ? '8' : '-1',
        withQuantity ? 'kg' : 'N/A',
        withQuantity ? amount(random) : '',
        random() < 0.15 ? 'True' : 'False',
        '-1',
        'N/A',
        '',
        'False',
        netWeight,
        random() < 0.15 ? 'True' : 'False',
        '',
        'False',
        '',
        value,
        value,
        '0',
        'True',
        random() < 0.1 ? 'True' : 'False',
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function factorsCsv(random: Random): string {
  const lines = ['commodity,reporter,barrels_per_tonne,source,note'];
  for (const commodity of ['refined-oil', 'diesel', 'fuel-oil', 'petroleum-gas', 'lpg']) {
    for (const reporter of ['', 'CHN']) {
      if (random() < 0.5)
        lines.push(`${commodity},${reporter},${(6 + random() * 3).toFixed(3)},https://example.org/factor,`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function mustImport(db: Db, path: string): Promise<void> {
  const summary = await importFile(db, path, { now: fixedNow });
  if (summary.status !== 'imported') throw new Error(`${path} did not import: ${JSON.stringify(summary.problems)}`);
}

/** Random datasets over the keys of the bundled figures, written to `dir` in import order: [dataset name, path]. */
export function writeRandomFiles(random: Random, dir: string): Array<[string, string]> {
  const files: Array<[string, string]> = [
    ['flows-a.csv', flowsCsv(random, 0.25)],
    ['comtrade-a.csv', comtradePlusCsv(random, 500)],
    ['flows-b.csv', flowsCsv(random, 0.1)],
    ['factors.csv', factorsCsv(random)],
    ['comtrade-b.csv', comtradePlusCsv(random, 200)],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return [name.replace(/\.csv$/, ''), path];
  });
}

export const bundledFlowsPath = join(dataDir, 'china-customs-exports-prk.csv');
export const bundledFactorsPath = join(dataDir, 'conversion-factors.csv');

/** The bundled China customs figures and factors, then random datasets over the same keys, newest last. */
export async function createRandomDb(random: Random, dir: string, path = ':memory:'): Promise<Db> {
  const db = createTestDb(path);
  await mustImport(db, bundledFlowsPath);
  await mustImport(db, bundledFactorsPath);
  for (const [, file] of writeRandomFiles(random, dir)) await mustImport(db, file);
  return db;
}

const commodityChoices = [
  'refined-oil',
  'petroleum-gas',
  'crude-oil',
  'corn',
  'rice',
  'gasoline',
  'diesel',
  'fuel-oil',
  'fuel-oil-5-7',
  'lpg',
  '2710',
  '271019',
  '27',
  '2711',
  '1005',
  '10',
  '2713',
  '2712',
];

/** A window that may start before and end after the data (2015–2018), or be left to the extent. */
export function randomSeriesRequest(random: Random): SeriesRequest {
  const interval = random() < 0.3 ? 'year' : 'month';
  const measure = random() < 0.2 ? 'value' : 'quantity';
  const unit = measure === 'value' ? 'usd' : pick(random, ['t', 't', 'kg', 'bbl'] as const);
  const period = (): string => {
    const year = String(2013 + Math.floor(random() * 8));
    return interval === 'year' ? year : `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`;
  };
  let from = random() < 0.3 ? undefined : period();
  let to = random() < 0.3 ? undefined : period();
  if (from !== undefined && to !== undefined && from > to) [from, to] = [to, from];
  return {
    commodities:
      random() < 0.8
        ? [pick(random, commodityChoices)]
        : [pick(random, commodityChoices), pick(random, commodityChoices)],
    reporters: random() < 0.7 ? [pick(random, reporters)] : ['CHN', 'RUS'],
    partner: random() < 0.85 ? 'PRK' : 'KOR',
    direction: random() < 0.85 ? 'export' : 'import',
    source: 'customs',
    measure,
    unit,
    interval,
    from,
    to,
  };
}
