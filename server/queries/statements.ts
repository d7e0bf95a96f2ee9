import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.ts';

const statementsByDb = new WeakMap<Db, Map<string, Statement>>();

/**
 * `db.prepare`, remembered per connection and SQL text. A profile of the series route showed 17% of each request
 * spent re-preparing the same statements. Only for statements run with `.get`/`.all` (never `.iterate`, which
 * would make a shared statement busy for a concurrent request); SQLite re-prepares them itself after a schema change.
 */
export function prepareCached<BindParameters extends unknown[] | object = unknown[], Result = unknown>(
  db: Db,
  sql: string,
): BindParameters extends unknown[] ? Statement<BindParameters, Result> : Statement<[BindParameters], Result> {
  let statements = statementsByDb.get(db);
  if (!statements) {
    statements = new Map();
    statementsByDb.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement as unknown as BindParameters extends unknown[]
    ? Statement<BindParameters, Result>
    : Statement<[BindParameters], Result>;
}
