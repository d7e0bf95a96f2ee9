/**
 * csv-parse alone over a file, as the importer runs it (server/import/parse.ts: every option, line numbers), with
 * nothing done with the records: what parsing costs before any validation or write. The import bench times it as a
 * child process, like the import.
 * usage: tsx scripts/bench/parse-only.ts FILE.csv   (prints the number of records)
 */
import { readCsvRecords } from '../../server/import/parse.ts';

async function main(path: string): Promise<void> {
  let records = 0;
  for await (const batch of readCsvRecords(path, 'utf-8')) records += batch.length;
  console.log(records);
}

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: tsx scripts/bench/parse-only.ts FILE.csv');
  process.exit(2);
}
void main(path);
