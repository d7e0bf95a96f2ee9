/** npm run migrate: applies pending migrations to TRADEFLOW_DB (default data/tradeflow.db). */
import { readConfig } from '../server/config.ts';
import { openWritableDb } from '../server/db/connection.ts';
import { migrate } from '../server/db/migrate.ts';

const config = readConfig();
const db = openWritableDb(config.dbPath);
const applied = migrate(db);
db.close();
console.log(applied.length ? `applied ${applied.join(', ')} to ${config.dbPath}` : `${config.dbPath} is up to date`);
