/** Small DOM helpers. Text always goes in through textContent, never innerHTML: titles and notes come from data. */

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

/** A link to a source when it is an address, plain text when it is a citation. */
export function sourceLink(source: string, text: string): Node {
  if (/^https?:\/\//i.test(source))
    return el('a', { href: source, rel: 'noopener noreferrer', target: '_blank' }, text);
  return document.createTextNode(text);
}

export type StatusKind = 'loading' | 'empty' | 'error' | 'info';

/** The one line under a panel's title that says what is happening: loading, nothing to show, or what failed. */
export function setStatus(target: HTMLElement, kind: StatusKind | null, text = ''): void {
  if (kind === null) {
    target.textContent = '';
    target.removeAttribute('data-kind');
    return;
  }
  target.dataset.kind = kind;
  target.textContent = text;
}

/**
 * A legend in HTML (read by screen readers, unlike one drawn on the canvas): a swatch and a label each. A series
 * drawn dashed (the ninth on, charts/theme.ts) has a striped swatch, as its bars are hatched.
 */
export function renderLegend(
  target: HTMLElement,
  entries: readonly { label: string; color: string; dash?: readonly number[] }[],
): void {
  target.replaceChildren(
    ...entries.map((entry) => {
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background =
        entry.dash && entry.dash.length > 0
          ? `repeating-linear-gradient(135deg, ${entry.color} 0 3px, transparent 3px 5px)`
          : entry.color;
      if (entry.dash && entry.dash.length > 0) swatch.style.outline = `1.5px solid ${entry.color}`;
      return el('span', {}, swatch, entry.label);
    }),
  );
}
