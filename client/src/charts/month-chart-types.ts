/** What a MonthChart is given (month-chart.ts), shared by the panels that build it and the drawing helpers. */

export type Marker = 'gap' | 'zero' | null;

/**
 * The subset of chartjs-plugin-annotation's line annotation used here. Written out because the plugin's own type
 * declarations do not resolve under `moduleResolution: NodeNext` (extensionless relative imports in an ESM package),
 * which would leave these options typed `any`.
 */
export interface LineAnnotation {
  type: 'line';
  xScaleID?: 'x';
  yScaleID?: 'y';
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  borderColor: string;
  borderWidth: number;
  borderDash?: number[];
  label?: {
    display: boolean | (() => boolean);
    content: string | string[];
    position?: 'start' | 'center' | 'end';
    backgroundColor?: string;
    color?: string;
    borderColor?: string;
    borderWidth?: number;
    font?: { family?: string; size?: number; weight?: 'bold' | 'normal' };
    padding?: number;
    z?: number;
  };
  /**
   * Hover on the line. Returning true makes Chart.js redraw without re-resolving options, so the handler sets the
   * drawn label's display itself (as the plugin's own "label visibility" sample does).
   */
  enter?: (context: AnnotationContext) => boolean;
  leave?: (context: AnnotationContext) => boolean;
}

export interface AnnotationContext {
  element: { label?: { options: { display: boolean } } };
}

export interface MonthDataset {
  label: string;
  type: 'bar' | 'line';
  values: (number | null)[];
  color: string;
  /**
   * A line's dash pattern; a bar with one is hatched in its colour. The ninth series on reuses the first colours,
   * so colour and dash together tell every series apart (theme.ts, seriesStyle).
   */
  dash?: number[];
  /** 'y2' is the right-hand axis (e.g. volume beside a count). */
  axis?: 'y' | 'y2';
  /** One per label: what to draw on the axis for that month (see month-marks.ts). */
  markers?: Marker[];
  /**
   * One per label: true where this series' sources disagree for the month. Drawn as a "≠" in a ring above the
   * figure, in the text colour (never a series colour), so it cannot be read as another series (month-marks.ts).
   */
  conflicts?: boolean[];
  stack?: string;
  /**
   * Bars shorter than this many pixels are drawn this long, so a small figure (5 t beside 30,000 t) stays visible.
   * Chart.js applies it to zero too, so only charts that mark their zeros (markers) should set it.
   */
  minBarLength?: number;
}

/** A dated event drawn as a short label above the plot, at its place on the time axis (event-marks.ts). */
export interface EventMark {
  id: number;
  /** Position on the category axis: the month's index, shifted inside its slot by the day. */
  position: number;
  /** A few words ("UNSCR 2397"); the whole title is in the list, the tooltip and the hover label. */
  label: string;
}

export interface MonthChartData {
  labels: string[];
  datasets: MonthDataset[];
  yTitle: string;
  formatTick: (value: number) => string;
  y2Title?: string;
  formatTick2?: (value: number) => string;
  /** The y axis reaches at least this far (the cap line must be on the chart). */
  suggestedMax?: number;
  beginAtZero: boolean;
  /** A logarithmic y axis (zeros and gaps then sit on the axis, marked as on a linear one). */
  logScale?: boolean;
  /** Month indexes with no figure in any series: hatched bands labelled "not reported". */
  noDataMonths: number[];
  /**
   * Where months were left out of the axis (a break after index i): marked on the axis, and no line is drawn
   * across one (series-model.ts, withoutUnreported).
   */
  axisBreaks?: number[];
  noDataLabel?: string;
  annotations: Record<string, LineAnnotation>;
  /** Short event labels above the plot area; lines are in `annotations`. */
  eventMarks?: EventMark[];
  formatLabel: (label: string) => string;
}

/** A line of a tooltip row with source addresses after it, drawn as links (http(s) only, tooltip.ts). */
export interface TooltipDetail {
  text: string;
  links: string[];
  /** The full text, when `text` is shortened. */
  title?: string;
}

export interface TooltipRow {
  color?: string;
  label: string;
  value: string;
  details: (string | TooltipDetail)[];
  /** Sources disagree for this month: a "≠" badge beside the value. */
  conflict?: boolean;
}

export interface TooltipContent {
  title: string;
  rows: TooltipRow[];
  notes: string[];
  /** YYYY-MM: the pinned tooltip offers "Check this month" for it (the series chart, monthly only). */
  check?: string;
}
