/**
 * "Check this month": a real link to the same view with `check=YYYY-MM` (it can be opened in a new tab or copied);
 * check-view.ts turns a plain click on any `a[data-check]` into opening the panel in place.
 */
export function checkHref(month: string, search = location.search): string {
  const params = new URLSearchParams(search);
  params.set('check', month);
  // Readable commas, as state.ts writes them: commodity=corn,rice.
  return `?${params.toString().replace(/%2C/gi, ',')}`;
}

export function checkLink(month: string, text: string, label?: string): HTMLAnchorElement {
  const link = document.createElement('a');
  link.href = checkHref(month);
  link.dataset.check = month;
  link.className = 'check-link';
  link.textContent = text;
  if (label) link.setAttribute('aria-label', label);
  return link;
}
