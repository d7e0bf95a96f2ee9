/**
 * Writes a realistic Tradeflow flows CSV for benchmarks: `rows` distinct keys (reporter × partner × HS code ×
 * month), values from a fixed-seed PRNG so every run produces the same bytes.
 * usage: tsx scripts/bench/generate-flows.ts OUT.csv [ROWS=1000000] [SEED=20171122]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** mulberry32: tiny, fast, deterministic; good enough to vary benchmark values. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const reporters = ['CHN', 'RUS', 'IND', 'THA', 'VNM', 'BRA', 'DEU', 'USA', 'JPN', 'KOR'];
const partners = ['PRK', 'CHN', 'RUS', 'USA', 'DEU', 'JPN', 'KOR', 'IND', 'BRA', 'FRA'];
const hsCodes = ['2710', '2709', '1005', '1006', '271012', '271019', '100590', '100630', '2711', '271112'];

export async function generateFlowsCsv(path: string, rows: number, seed = 20171122): Promise<number> {
  const random = createRandom(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note\n');
  // 10 reporters × 10 partners × 10 HS codes × 2 directions × 600 months (1970-01 … 2019-12) = 1.2 million keys.
  const months = 600;
  let batch = '';
  for (let i = 0; i < rows; i += 1) {
    const month = i % months;
    const rest = Math.floor(i / months);
    const hs = hsCodes[rest % 10] ?? '2710';
    const partner = partners[Math.floor(rest / 10) % 10] ?? 'PRK';
    const reporter = reporters[Math.floor(rest / 100) % 10] ?? 'CHN';
    const direction = Math.floor(rest / 1000) % 2 === 0 ? 'export' : 'import';
    const period = `${1970 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
    const quantity = (random() * 50000).toFixed(3);
    // Customs offices report mass; like real files, each reporter sticks to one unit (China kg, Russia t, …).
    const unit = Math.floor(rest / 100) % 2 === 0 ? 'kg' : 't';
    const value = (random() * 9e7).toFixed(2);
    const note = random() < 0.05 ? '"revised, see bulletin"' : '';
    batch += `${reporter},${partner},${direction},${period},${hs},,${quantity},${unit},${value},reported,https://example.org/customs/${reporter}/${period},${note}\n`;
    if (batch.length > 1 << 16) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  out.end();
  await once(out, 'finish');
  return bytes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [out, rowsText = '1000000', seedText = '20171122'] = process.argv.slice(2);
  if (!out) {
    console.error('usage: tsx scripts/bench/generate-flows.ts OUT.csv [ROWS] [SEED]');
    process.exit(2);
  }
  const bytes = await generateFlowsCsv(out, Number(rowsText), Number(seedText));
  console.log(`wrote ${rowsText} rows, ${(bytes / 1e6).toFixed(1)} MB to ${out}`);
}
