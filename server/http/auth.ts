/**
 * Who may write (POST/DELETE /api/datasets, issue 14). Reads stay public; writes need the admin token, and are taken
 * only from this server's own pages, so a page elsewhere cannot make a visitor's browser post a file with a token it
 * kept. Checks run in the contract's order (docs/api.md#writes): writes off → another origin → no or wrong token.
 * Snapshot mode refuses earlier still (http/snapshot.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { CrossOriginError, UnauthorizedError, WritesDisabledError } from '../errors.ts';

/**
 * Compared as SHA-256 digests: timingSafeEqual needs equal lengths, and comparing digests (always 32 bytes) means
 * neither the time taken nor an early length check tells a caller how long the token is or how much of it matched.
 */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Why a request comes from another origin, or undefined when it does not. Browsers send `Origin` on every POST and
 * DELETE (fetch, XHR and forms alike) and `Sec-Fetch-Site` on every request; a tool such as curl sends neither, so
 * scripts with the token keep working. Origin is compared with the Host the request was sent to, port included.
 */
export function crossOriginReason(req: IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    // `Origin: null` (a sandboxed frame, a file:// page) is no origin of ours.
    return `Origin ${origin} is not this server`;
  }
  const host = req.headers.host;
  if (host === undefined || originHost.toLowerCase() !== host.toLowerCase()) {
    return `Origin ${origin} is not this server (${host ?? 'no Host header'})`;
  }
  return undefined;
}

/** The middleware in front of every write route. `adminToken` undefined: writes are off. */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (adminToken === undefined) {
      next(new WritesDisabledError());
      return;
    }
    const reason = crossOriginReason(req);
    if (reason !== undefined) {
      next(new CrossOriginError(reason));
      return;
    }
    const header = req.headers.authorization ?? '';
    const match = /^Bearer +(.+?) *$/i.exec(header);
    // Said on every 401 (RFC 6750 §3): the scheme the server takes.
    res.set('WWW-Authenticate', 'Bearer realm="tradeflow"');
    if (!match?.[1]) {
      next(new UnauthorizedError('send the admin token as "Authorization: Bearer <token>"'));
      return;
    }
    if (!tokenMatches(match[1], adminToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="tradeflow", error="invalid_token"');
      next(new UnauthorizedError('the token is not the admin token (TRADEFLOW_ADMIN_TOKEN)'));
      return;
    }
    res.removeHeader('WWW-Authenticate');
    next();
  };
}
