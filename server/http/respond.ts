import type { Response } from 'express';
import type { Db } from '../db/connection.ts';

/** What every handler gets: the (read-only) database and the clock, passed in so tests can fix "now". */
export interface ApiDeps {
  db: Db;
  now: () => Date;
}

/**
 * Data responses may be stored but must be revalidated: an import can change the data at any time, and the
 * ETag Express computes from the body turns a repeat request into a 304 when nothing changed.
 */
export const dataCacheControl = 'no-cache';

/** `no-cache`, or what a snapshot allows (http/snapshot.ts sets it: there, the data never changes under a URL). */
export function dataCacheControlOf(res: Response): string {
  const snapshotValue: unknown = res.locals.dataCacheControl;
  return typeof snapshotValue === 'string' ? snapshotValue : dataCacheControl;
}

export function sendData(res: Response, body: unknown): void {
  res.set('Cache-Control', dataCacheControlOf(res)).json(body);
}
