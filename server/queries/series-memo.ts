/**
 * A bounded, in-process memo of whole customs series, one per connection, from which series.ts slices the window a
 * request asks for.
 *
 * Why: a 600-month series reads about 1,800 stored rows, and turning them into JavaScript values alone takes longer
 * than the 1 ms a series may cost (issue 5; scripts/bench/series-bench.ts). The answer for a period depends only on
 * the stored rows and the series' identity, never on the window asked for, so a series computed once over the whole
 * extent of its data answers every window of it (the dashboard's zoom, its headline, the CSV download) until the data
 * changes. The HTTP response cache cannot do this: it keys on the URL, so each window is a new entry.
 *
 * Emptied whenever the data may have changed: `readChangeCounter` (PRAGMA data_version for a commit on another
 * connection, total_changes() for one on this connection) is read on every request, as the response cache does.
 * Not used at all while the connection is inside a transaction, whose rows may yet be rolled back.
 */
import type { Db } from '../db/connection.ts';
import { readChangeCounter } from './datasets.ts';

export interface MemoStats {
  entries: number;
  /** The entries' estimated size (their own estimate: see series.ts estimateBytes). */
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
}

export interface Memo<T> {
  /** False while the connection is inside a transaction: then nothing is read from or kept in the memo. */
  readonly usable: boolean;
  get(key: string): T | undefined;
  set(key: string, value: T, bytes: number): void;
  /**
   * Adds `periods` to the periods computed from the stored rows for `key`'s windows since the data last changed,
   * and returns the total: series.ts builds a whole series once its windows have cost about as much.
   */
  addWindowCost(key: string, periods: number): number;
  stats(): MemoStats;
  clear(): void;
}

/**
 * 8 MiB: about twenty 600-month series (a point takes about 550 bytes of heap, measured; scripts/bench/series-bench.ts
 * prints the estimate per series), more than a dashboard session looks at, and small next to the server's 256 MiB
 * memory budget, which the HTTP response cache and SQLite's page cache share.
 */
export const defaultMemoBytes = 8 * 2 ** 20;

/** Window costs remembered for series not kept: a bound so that a crawler of distinct series cannot grow it. */
const maxCostedKeys = 4096;

const memos = new WeakMap<Db, Memo<unknown>>();

/** The connection's memo, emptied first if the data changed since it was last used. */
export function openMemo<T>(db: Db): Memo<T> {
  let memo = memos.get(db) as Memo<T> | undefined;
  if (!memo) {
    memo = createMemo<T>(db, defaultMemoBytes);
    memos.set(db, memo as Memo<unknown>);
  }
  syncMemo(db, memo);
  return memo;
}

/** Gives `db` an empty memo of at most `maxBytes` (tests and benchmarks of the bound). */
export function limitMemo(db: Db, maxBytes: number): void {
  memos.set(db, createMemo(db, maxBytes));
}

/**
 * Turns the memo off for `db`: every series is computed from the stored rows, as with `{ memo: false }`. For the
 * HTTP benchmark's "computed every time" server (scripts/bench/servers/tradeflow-server.ts --no-series-memo).
 */
export function disableMemo(db: Db): void {
  memos.set(db, createMemo(db, 0, false));
}

/** Forgets everything memoized for `db`: the next request of each series is computed as after an import. */
export function forgetMemo(db: Db): void {
  memos.get(db)?.clear();
}

export function describeMemo(db: Db): MemoStats | undefined {
  return memos.get(db)?.stats();
}

const seenCounters = new WeakMap<Memo<unknown>, string>();

function syncMemo<T>(db: Db, memo: Memo<T>): void {
  if (db.inTransaction) return;
  const counter = readChangeCounter(db);
  if (seenCounters.get(memo as Memo<unknown>) !== counter) {
    memo.clear();
    seenCounters.set(memo as Memo<unknown>, counter);
  }
}

function createMemo<T>(db: Db, maxBytes: number, enabled = true): Memo<T> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  const entries = new Map<string, { value: T; bytes: number }>();
  const windowCosts = new Map<string, number>();
  let totalBytes = 0;
  let hits = 0;
  let misses = 0;
  return {
    get usable() {
      return enabled && !db.inTransaction;
    },
    get(key) {
      if (!enabled || db.inTransaction) return undefined;
      const entry = entries.get(key);
      if (!entry) {
        misses += 1;
        return undefined;
      }
      hits += 1;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, bytes) {
      if (!enabled || db.inTransaction || bytes > maxBytes) return;
      const old = entries.get(key);
      if (old) {
        entries.delete(key);
        totalBytes -= old.bytes;
      }
      entries.set(key, { value, bytes });
      totalBytes += bytes;
      windowCosts.delete(key);
      for (const [oldKey, oldEntry] of entries) {
        if (totalBytes <= maxBytes) break;
        entries.delete(oldKey);
        totalBytes -= oldEntry.bytes;
      }
    },
    addWindowCost(key, periods) {
      const total = (windowCosts.get(key) ?? 0) + periods;
      if (!windowCosts.has(key) && windowCosts.size >= maxCostedKeys) windowCosts.clear();
      windowCosts.set(key, total);
      return total;
    },
    stats() {
      return { entries: entries.size, bytes: totalBytes, maxBytes, hits, misses };
    },
    clear() {
      entries.clear();
      windowCosts.clear();
      totalBytes = 0;
    },
  };
}
