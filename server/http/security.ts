/**
 * Security headers (helmet), with the two that only make sense over https decided per request: Strict-Transport-
 * Security and the CSP's `upgrade-insecure-requests`. Sent to a browser that reached the server over plain HTTP by a
 * name other than localhost (a newsroom intranet's `http://tradeflow.internal:3000`), the CSP directive makes it ask
 * for the page's own script and styles over https, which nothing answers, and the page stays unstyled on
 * "Loading…" (issue 13). Cross-Origin-Opener-Policy goes with them: browsers ignore it on a plain-HTTP origin and
 * say so in the console.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Express's compiled `trust proxy` setting (app.get('trust proxy fn')): is the peer at `address` a trusted proxy? */
export type TrustProxyFn = (address: string | undefined, hop: number) => boolean;

/**
 * Whether the browser's request reached us over https: always when the deployment says so (TRADEFLOW_HTTPS=1);
 * otherwise a TLS socket, or a trusted proxy's `X-Forwarded-Proto: https`. The same rule as Express's
 * `req.protocol`, written against the bare request because the response cache replays answers before Express
 * sees them (response-cache.ts) and must tell the two kinds of answer apart by it.
 */
export function reachedOverHttps(req: IncomingMessage, alwaysHttps: boolean, trust: TrustProxyFn): boolean {
  if (alwaysHttps || (req.socket as Partial<TLSSocket>).encrypted === true) return true;
  if (!trust(req.socket.remoteAddress, 0)) return false;
  const header = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

export function securityHeaders(isHttps: (req: IncomingMessage) => boolean): RequestHandler {
  const overHttps = helmet();
  const overHttp = helmet({
    strictTransportSecurity: false,
    crossOriginOpenerPolicy: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  return (req, res, next) => {
    (isHttps(req) ? overHttps : overHttp)(req, res, next);
  };
}
