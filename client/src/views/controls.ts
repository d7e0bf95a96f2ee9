/**
 * The form at the top: built from /api/commodities and /api/events, written from a ViewState and read back into
 * one. Native controls only (checkboxes, radios, selects, month inputs), so every one has a label and a keyboard.
 */
import type { CommodityGroup } from '../api-types.ts';
import { unitLabel } from '../format.ts';
import { commodityName, countryOptions } from '../labels.ts';
import { hsDescription, hsDescriptions, hsLabel } from '../hs-descriptions.ts';
import { el } from './dom.ts';
import { defaultUnitFor, unitsByMeasure, type ChangeKind, type ViewState } from '../state.ts';
import { isEditing } from './month-fields.ts';

function checkbox(name: string, value: string, label: string, checked: boolean): HTMLLabelElement {
  const input = el('input', { type: 'checkbox', name, value });
  input.checked = checked;
  const wrapper = el('label');
  wrapper.append(input, ` ${label}`);
  return wrapper;
}

/** Groups as checkboxes; a group's products (refined oil's gasoline, diesel…) in a disclosure under it. */
export function renderCommodityOptions(
  container: HTMLElement,
  groups: readonly CommodityGroup[],
  selected: readonly string[],
): void {
  const nodes: HTMLElement[] = [];
  for (const group of groups) {
    nodes.push(checkbox('commodity', group.key, group.label, selected.includes(group.key)));
    if (group.products.length > 0) {
      const details = el('details');
      details.open = group.products.some((product) => selected.includes(product.key));
      details.append(el('summary', {}, `${group.label}: by product`));
      const list = el('ul');
      for (const product of group.products) {
        const item = el('li');
        const box = checkbox(
          'commodity',
          product.key,
          `${product.label} (HS ${product.hsCode})`,
          selected.includes(product.key),
        );
        // The code's official description on hover (hs-descriptions.ts); none for a code the table lacks.
        if (hsDescription(product.hsCode) !== null) box.title = hsLabel(product.hsCode);
        item.append(box);
        list.append(item);
      }
      details.append(list);
      nodes.push(details);
    }
  }
  container.replaceChildren(...nodes);
}

const categoryLabels: Record<string, string> = {
  sanctions: 'Sanctions',
  resolution: 'UN resolutions',
  test: 'Weapons tests',
  'trade-ban': 'Trade bans',
  diplomacy: 'Diplomacy',
  shipping: 'Shipping',
};

export function categoryLabel(category: string): string {
  return categoryLabels[category] ?? category;
}

export function renderEventOptions(
  container: HTMLElement,
  categories: readonly string[],
  selected: readonly string[] | null,
): void {
  container.replaceChildren(
    ...categories.map((category) => {
      return checkbox('events', category, categoryLabel(category), selected === null || selected.includes(category));
    }),
  );
}

export function renderUnitOptions(select: HTMLSelectElement, measure: string, unit: string): void {
  const units = [...(unitsByMeasure[measure] ?? [])];
  // A unit from a shared link that this form does not offer is kept, so the request shows the server's answer.
  if (!units.includes(unit)) units.push(unit);
  select.replaceChildren(...units.map((u) => el('option', { value: u }, unitLabel(u))));
  select.value = unit;
}

function field<T extends HTMLElement>(form: HTMLFormElement, selector: string): T {
  const node = form.querySelector<T>(selector);
  if (!node) throw new Error(`the page has no ${selector}`);
  return node;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** The partner picker: every country by name, North Korea (the API's default) first. */
export function renderPartnerOptions(select: HTMLSelectElement): void {
  const countries = countryOptions().filter((c) => c.code !== 'PRK');
  select.replaceChildren(
    el('option', { value: 'PRK' }, 'North Korea'),
    ...countries.map((c) => el('option', { value: c.code }, c.name)),
  );
}

/**
 * A commodity in the view that the catalog's checkboxes do not have (an HS code from a link or the "Other HS code"
 * field) gets a checkbox of its own, so it is shown, can be unticked, and survives every other change of the form.
 */
function ensureCommodityBoxes(form: HTMLFormElement, state: ViewState): void {
  const extra = form.querySelector<HTMLElement>('#commodity-extra');
  if (!extra) return;
  const present = new Set(
    [...form.querySelectorAll<HTMLInputElement>('input[name="commodity"]')].map((input) => input.value),
  );
  for (const key of state.commodity) {
    if (!present.has(key))
      extra.append(checkbox('commodity', key, /^\d{2,10}$/.test(key) ? hsLabel(key) : commodityName(key), true));
  }
}

/** Puts a view into the form (on load, and when the browser goes back to an earlier view). */
export function writeControls(form: HTMLFormElement, state: ViewState): void {
  // Only once the catalog's checkboxes are there: before, every key would look like an extra one.
  if (form.querySelector('#commodity-options input')) ensureCommodityBoxes(form, state);
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name="commodity"]'))
    input.checked = state.commodity.includes(input.value);
  const partner = field<HTMLSelectElement>(form, '#partner');
  if (partner.options.length <= 1) renderPartnerOptions(partner);
  const partnerCode = state.partner ?? 'PRK';
  // A code the list does not have (an aggregate from a shared link) is kept as it came, so the server can judge it.
  if (![...partner.options].some((option) => option.value === partnerCode))
    partner.append(el('option', { value: partnerCode }, partnerCode));
  partner.value = partnerCode;
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name="reporter"]'))
    input.checked = sameSet(input.value.split(','), state.reporter);
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name="chart"]'))
    input.checked = input.value === state.chart;
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name="interval"]'))
    input.checked = input.value === state.interval;
  field<HTMLInputElement>(form, '#log-scale').checked = state.scale === 'log';
  field<HTMLInputElement>(form, '#hide-unreported').checked = state.hideUnreported;
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name="events"]'))
    input.checked = state.events === null || state.events.includes(input.value);
  const source = field<HTMLSelectElement>(form, '#source');
  if (![...source.options].some((option) => option.value === state.source))
    source.append(el('option', { value: state.source }, state.source));
  source.value = state.source;
  const measure = field<HTMLSelectElement>(form, '#measure');
  if (![...measure.options].some((option) => option.value === state.measure))
    measure.append(el('option', { value: state.measure }, state.measure));
  measure.value = state.measure;
  renderUnitOptions(field<HTMLSelectElement>(form, '#unit'), state.measure, state.unit);
  for (const name of ['from', 'to'] as const) {
    const input = field<HTMLInputElement>(form, `#${name}`);
    // A month being typed is left alone: rewriting it would lose what was typed (month-fields.ts).
    if (isEditing(input)) continue;
    input.value = state[name] ?? input.dataset.extent ?? '';
    if (state[name] !== null) delete input.dataset.extent;
  }
  field<HTMLSelectElement>(form, '#change').value = state.change;
}

/**
 * Reads the form into a view, starting from the previous one (what the form does not show, such as the partner or
 * the panels' own settings, is kept; the months are applied by month-fields.ts). A measure change resets the unit
 * to that measure's first one.
 */
export function readControls(form: HTMLFormElement, previous: ViewState): ViewState {
  const checked = (name: string): string[] =>
    [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((input) => input.value);
  const reporter = checked('reporter')[0];
  const measure = field<HTMLSelectElement>(form, '#measure').value;
  const unitSelect = field<HTMLSelectElement>(form, '#unit');
  const source = field<HTMLSelectElement>(form, '#source').value;
  // A new source or measure starts from its natural unit (tonnes for customs, barrels for 1718 notifications).
  const unit =
    measure !== previous.measure || source !== previous.source ? defaultUnitFor(measure, source) : unitSelect.value;
  const eventInputs = form.querySelectorAll<HTMLInputElement>('input[name="events"]');
  const events = checked('events');
  const chart = checked('chart')[0];
  const interval = checked('interval')[0];
  const partner = field<HTMLSelectElement>(form, '#partner').value;
  return {
    ...previous,
    commodity: checked('commodity'),
    // North Korea is the API's default: left out of the address, as before there was a picker.
    partner: partner === 'PRK' || partner === '' ? null : partner,
    reporter: reporter ? reporter.split(',') : previous.reporter,
    source,
    measure,
    unit,
    // The months are applied by their own fields once complete (month-fields.ts), never read half-typed here.
    from: previous.from,
    to: previous.to,
    interval: interval === 'year' ? 'year' : 'month',
    chart: chart === 'line' ? 'line' : 'bar',
    scale: field<HTMLInputElement>(form, '#log-scale').checked ? 'log' : 'linear',
    hideUnreported: field<HTMLInputElement>(form, '#hide-unreported').checked,
    change: field<HTMLSelectElement>(form, '#change').value as ChangeKind,
    events: eventInputs.length === 0 ? previous.events : events.length === eventInputs.length ? null : events,
  };
}

/**
 * With no month chosen, the inputs show the range the API answered with (the extent of the data), marked so that
 * readControls does not mistake it for a choice: a new commodity then gets its own extent.
 */
export function showExtent(
  form: HTMLFormElement,
  state: ViewState,
  extent: { from: string | null; to: string | null },
): void {
  for (const name of ['from', 'to'] as const) {
    const input = field<HTMLInputElement>(form, `#${name}`);
    const value = extent[name];
    if (state[name] !== null || isEditing(input)) continue;
    // A yearly answer's extent is years ("2016"): shown as its first (from) or last (to) month.
    const month = value !== null && /^\d{4}$/.test(value) ? `${value}-${name === 'from' ? '01' : '12'}` : value;
    if (month === null) {
      delete input.dataset.extent;
      input.value = '';
    } else {
      input.dataset.extent = month;
      input.value = month;
    }
  }
}

/** The choices sit beside the chart on a wide screen, open; on a narrow one, folded above it (styles.css). */
export function openControlsOnWideScreens(details: HTMLDetailsElement): void {
  const wide = matchMedia('(min-width: 1000px)');
  details.open = wide.matches;
  wide.addEventListener('change', () => {
    details.open = wide.matches;
  });
}

/**
 * "Other HS code": a code of 2 to 10 digits (as the API takes it) is added to the commodities; anything else is
 * named beside the field and nothing is requested.
 */
export function wireHsCodeField(form: HTMLFormElement, add: (code: string) => void): void {
  const input = field<HTMLInputElement>(form, '#hs-code');
  const error = field<HTMLElement>(form, '#hs-error');
  const submit = (): void => {
    const code = input.value.replace(/[\s.]/g, '');
    if (code === '') return;
    if (!/^\d{2,10}$/.test(code)) {
      error.hidden = false;
      error.textContent = `Other HS code: "${input.value}" is not an HS code (2 to 10 digits, such as 2710 or 100630).`;
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    input.value = '';
    described.textContent = '';
    add(code);
  };
  field<HTMLButtonElement>(form, '#hs-add').addEventListener('click', submit);
  // Picking from the list: every described code with its text; as a code is typed, its description under the field.
  const list = field<HTMLDataListElement>(form, '#hs-list');
  list.replaceChildren(
    ...hsDescriptions.map((entry) => el('option', { value: entry.code, label: hsLabel(entry.code) })),
  );
  const described = field<HTMLElement>(form, '#hs-described');
  input.addEventListener('input', () => {
    const code = input.value.replace(/[\s.]/g, '');
    described.textContent = /^\d{4,6}$/.test(code) ? hsLabel(code) : '';
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      submit();
    }
  });
}
