/**
 * Link previews per view (issue 13): a link to `/?commodity=rice&from=2017-01` pasted into a chat or a post shows
 * that view's title, not the site's. Crawlers do not run the page's script, so the server puts the view's title and
 * description into index.html's Open Graph and Twitter tags before sending it. Only names the catalogue knows (or
 * an HS code's digits) and well-formed months go into the tags, so a link cannot make the preview say anything
 * else. Everything else about the response (security headers, CSP) is the app's as for any other page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/connection.ts';
import { listCommodityGroups } from '../queries/commodities.ts';

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

/** Replaces the content of the preview tags (og:/twitter: title and description) in index.html's text. */
export function withPreview(html: string, preview: { title: string; description: string }): string {
  const title = escapeHtml(preview.title);
  const description = escapeHtml(preview.description);
  return html
    .replace(/(<meta\s+(?:property="og:title"|name="twitter:title")\s+content=")[^"]*(")/g, `$1${title}$2`)
    .replace(
      /(<meta\s+(?:property="og:description"|name="twitter:description")\s+content=")[^"]*(")/g,
      `$1${description}$2`,
    )
    .replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`);
}

/** Serves index.html with the view's preview tags for `/` and `/index.html` with a `commodity`; else passes on. */
export function linkPreview(db: Db, clientDir: string) {
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
    if (preview === null) {
      next();
      return;
    }
    html ??= readFileSync(join(clientDir, 'index.html'), 'utf8');
    res.type('html').set('Cache-Control', 'public, max-age=300').send(withPreview(html, preview));
  };
}
