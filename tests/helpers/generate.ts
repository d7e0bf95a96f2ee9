import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A valid flows CSV with `rows` distinct keys (HS codes × months), written without holding it in memory. */
export async function writeLargeFlowsCsv(path: string, rows: number, quantity = 1): Promise<void> {
  const out = createWriteStream(path);
  out.write('reporter,partner,direction,period,hs_code,quantity,unit,value_usd,source\n');
  for (let i = 0; i < rows; i += 1) {
    const month = i % 300;
    const period = `${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
    const hsCode = String(100000 + Math.floor(i / 300));
    if (!out.write(`CHN,PRK,export,${period},${hsCode},${quantity},t,${i},generated\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
