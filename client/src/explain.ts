/** How a failed request is put to the reader, shared by every panel that loads something (main.ts, check-view.ts). */
import { ApiError } from './api.ts';

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** What the user reads when a request fails: the server's own message, naming the parameter when there is one. */
export function explain(error: unknown, what: string): string {
  const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);
  if (error instanceof ApiError) {
    if (error.code === 'network-error') return `Could not load ${what}: ${sentence(error.message)}`;
    return `Could not load ${what}: ${sentence(error.message)}${error.status === 400 ? ' Change the selection to fix it.' : ''}`;
  }
  return `Could not load ${what}: ${sentence(error instanceof Error ? error.message : String(error))}`;
}
