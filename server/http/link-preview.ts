/**
 * Link previews per view (issue 13): a link to `/?commodity=rice&from=2017-01` pasted into a chat or a post shows
 * that view's title, not the site's. Crawlers do not run the page's script, so the server puts the view's title and
 * description into index.html's Open Graph and Twitter tags before sending it. Only names the catalogue knows (or
 * an HS code's digits) and well-formed months go into the tags, so a link cannot make the preview say anything
 * else. Everything else about the response (security headers, CSP) is the app's as for any other page.
 *
 * The preview's image is the view's chart (`/api/preview.png`, handlers/preview.ts). og:image must be an absolute
 * address, and only the request says where the server is reached: its Host (a trusted proxy's X-Forwarded-Host)
 * and whether it came over https (security.ts). Behind a proxy, TRADEFLOW_TRUST_PROXY must be set, or the address
 * names the proxy's view of the server (http, an inner host name). A Host that is not a plain host name gets no
 * image rather than an address built from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { parseState } from '../../client/src/state.ts';
import type { Db } from '../db/connection.ts';
import { listCommodityGroups } from '../queries/commodities.ts';
import { previewHeight, previewQuery, previewWidth } from './handlers/preview.ts';

const reporterNames: Readonly<Record<string, string>> = { CHN: 'China', RUS: 'Russia' };
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function month(value: unknown): string | null {
  const match = typeof value === 'string' ? /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value) : null;
  return match ? `${monthNames[Number(match[2]) - 1]} ${match[1]}` : null;
}

function list(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()) : [];
}

/** The view's title and description from its query, or null when the query names no commodity the server knows. */
export function previewText(
  query: Record<string, unknown>,
  labels: ReadonlyMap<string, string>,
): { title: string; description: string } | null {
  const names = list(query.commodity)
    .map((key) => labels.get(key) ?? (/^\d{2,10}$/.test(key) ? `HS ${key}` : null))
    .filter((name): name is string => name !== null)
    .slice(0, 6);
  if (names.length === 0) return null;
  const reporters = list(query.reporter)
    .map((code) => reporterNames[code.toUpperCase()])
    .filter((name): name is string => name !== undefined);
  const from = month(query.from);
  const to = month(query.to);
  const range = from && to ? `, ${from} to ${to}` : from ? `, from ${from}` : to ? `, to ${to}` : '';
  const by = reporters.length > 0 ? reporters.join(' and ') : 'China';
  const title = `${names.join(', ')}: ${by} to North Korea${range} · Tradeflow`;
  const description = `Monthly figures for ${names.join(', ')} from ${by} to North Korea${range}, from published sources. A month nobody reported is shown as not reported, never as zero.`;
  return { title, description };
}

export interface Preview {
  title: string;
  description: string;
  /** The absolute address of the view's chart image, when the request says where the server is. */
  image?: string;
}

/** Where the page was reached, as an origin (`https://tradeflow.example`), or null for a Host that is not one. */
export function requestOrigin(req: Request, isHttps: (req: IncomingMessage) => boolean): string | null {
  const host = req.host;
  if (typeof host !== 'string' || !/^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host))
    return null;
  return `${isHttps(req) ? 'https' : 'http'}://${host}`;
}

/**
 * Adds og:image (with its type, size and alt text) and twitter:image to index.html's text, and makes the Twitter
 * card a large image. `alt` is plain text.
 */
export function withImage(html: string, image: string, alt: string): string {
  const address = escapeHtml(image);
  const text = escapeHtml(`Chart: ${alt}`);
  const tags = [
    `<meta property="og:image" content="${address}" />`,
    `<meta property="og:image:type" content="image/png" />`,
    `<meta property="og:image:width" content="${previewWidth}" />`,
    `<meta property="og:image:height" content="${previewHeight}" />`,
    `<meta property="og:image:alt" content="${text}" />`,
    `<meta name="twitter:image" content="${address}" />`,
    `<meta name="twitter:image:alt" content="${text}" />`,
  ]
    .map((tag) => `    ${tag}\n`)
    .join('');
  return html
    .replace(/(<meta\s+name="twitter:card"\s+content=")[^"]*(")/, '$1summary_large_image$2')
    .replace(/\n\s*<\/head>/, `\n${tags}  </head>`);
}

/**
 * Replaces the content of the preview tags (og:/twitter: title and description) in index.html's text, and adds the
 * image's tags when there is one (withImage).
 */
export function withPreview(html: string, preview: Preview): string {
  const title = escapeHtml(preview.title);
  const description = escapeHtml(preview.description);
  return (preview.image === undefined ? html : withImage(html, preview.image, preview.title))
    .replace(/(<meta\s+(?:property="og:title"|name="twitter:title")\s+content=")[^"]*(")/g, `$1${title}$2`)
    .replace(
      /(<meta\s+(?:property="og:description"|name="twitter:description")\s+content=")[^"]*(")/g,
      `$1${description}$2`,
    )
    .replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`);
}

/**
 * Serves index.html with the view's preview tags for `/` and `/index.html` with a `commodity`, and with the first
 * view's image for the plain `/`; else passes on (the static file).
 */
export function linkPreview(db: Db, clientDir: string, isHttps: (req: IncomingMessage) => boolean = () => false) {
  let html: string | null = null;
  let labels: Map<string, string> | null = null;
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.path !== '/' && req.path !== '/index.html')) {
      next();
      return;
    }
    if (labels === null) {
      labels = new Map();
      for (const group of listCommodityGroups(db)) {
        labels.set(group.key, group.label);
        for (const product of group.products) labels.set(product.key, product.label);
      }
    }
    const preview = previewText(req.query as Record<string, unknown>, labels);
    // The plain page (no query) is the first view: its static title and description, and that view's chart.
    const plain = Object.keys(req.query as object).length === 0;
    const origin = requestOrigin(req, isHttps);
    if ((preview === null && !plain) || (plain && origin === null)) {
      next();
      return;
    }
    html ??= readFileSync(join(clientDir, 'index.html'), 'utf8');
    const search = new URLSearchParams(req.url.split('?')[1] ?? '');
    const image = origin === null ? undefined : `${origin}/api/preview.png?${previewQuery(parseState(search).state)}`;
    const page =
      preview === null
        ? withImage(html, image ?? '', /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? 'Tradeflow')
        : withPreview(html, image === undefined ? preview : { ...preview, image });
    res.type('html').set('Cache-Control', 'public, max-age=300').send(page);
  };
}
