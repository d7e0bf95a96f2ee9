/**
 * Run as a child process by the kill test: imports a file and prints "rows N" lines as it goes, so the parent can
 * SIGKILL it in the middle of the transaction.
 */
import { openWritableDb } from '../../server/db/connection.ts';
import { importFile } from '../../server/import/import-file.ts';

const [dbPath, file] = process.argv.slice(2);
if (!dbPath || !file) throw new Error('usage: import-child.ts DB FILE');
const db = openWritableDb(dbPath);
const summary = await importFile(db, file, {
  onProgress: (_bytes, _total, rows) => process.stdout.write(`rows ${rows}\n`),
});
process.stdout.write(`done ${summary.status}\n`);
