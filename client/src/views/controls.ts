/**
 * The form at the top: built from /api/commodities and /api/events, written from a ViewState and read back into
 * one. Native controls only (checkboxes, radios, selects, month inputs), so every one has a label and a keyboard.
 */
import type { CommodityGroup } from '../api-types.ts';
import { unitLabel } from '../format.ts';
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
        item.append(
          checkbox('commodity', product.key, `${product.label} (HS ${product.hsCode})`, selected.includes(product.key)),
        );
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

/** Puts a view into the form (on load, and when the browser goes back to an earlier view). */
export function writeControls(form: HTMLFormElement, state: ViewState): void {
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name="commodity"]'))
    input.checked = state.commodity.includes(input.value);
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
  return {
    ...previous,
    commodity: checked('commodity'),
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
