/** Dated events for the charts' time axis. */
import type { Db } from '../db/connection.ts';
import { prepareCached } from './statements.ts';

export interface TradeEvent {
  id: number;
  date: string;
  category: string;
  title: string;
  source: string | null;
  note: string | null;
}

export interface EventsRequest {
  /** YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  /** Only these categories; undefined: all. */
  categories?: string[];
}

/** One row per event key (date, title): the most recently imported dataset that has it. Uses events_date. */
const eventsSql = `SELECT id, date, category, title, source, note FROM (
    SELECT id, date, category, title, source, note,
      row_number() OVER (PARTITION BY date, title ORDER BY dataset_id DESC, id DESC) AS rank
    FROM events
    WHERE date >= @from AND date <= @to
      AND (@categories IS NULL OR category IN (SELECT value FROM json_each(@categories)))
  ) WHERE rank = 1 ORDER BY date, id`;

export function listEvents(db: Db, request: EventsRequest): TradeEvent[] {
  return prepareCached<{ from: string; to: string; categories: string | null }, TradeEvent>(db, eventsSql).all({
    from: request.from ?? '0000-01-01',
    to: request.to ?? '9999-12-31',
    categories: request.categories ? JSON.stringify(request.categories) : null,
  });
}
