import type { Db } from '../db/connection.ts';

export function countDatasets(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM datasets').get()?.n ?? 0;
}
