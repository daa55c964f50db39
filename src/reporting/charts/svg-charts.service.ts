import { Injectable } from '@nestjs/common';
import { escapeHtml } from '../../notifications/mail-text.contract';
import { Figure, SUPPRESSED } from '../suppression';

/**
 * Charts drawn on the server as SVG, to be placed inline in a page (or a frozen report):
 * no client chart library and no inline style (the pages' CSP forbids it), so colours and
 * sizes are presentation attributes, and each part has a `chart-…` class a stylesheet may
 * restyle. Every chart is `role="img"` with an `aria-label` (its title), a `<title>` and a
 * `<desc>` (the text alternative the caller writes); the table behind it belongs next to it.
 * A suppressed figure ("< 3") is written as such where its bar or point would be, never drawn
 * as a number; a null figure (nothing to say) is written as a dash. Right-to-left pages get a
 * mirrored chart: categories read from the right, the value axis on the right.
 */

export type ChartDirection = 'ltr' | 'rtl';

interface ChartText {
  /** Makes the ids of the chart's title and description unique in its page. */
  id: string;
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  description: string;
  /** What the categories are (months, rooms, topics …). */
  categoryAxisLabel: string;
  /** What the values are (hours, organisations, share …). */
  valueAxisLabel: string;
  /** Writes a value for labels and ticks (the page's locale, a percentage …). */
  format?: (value: number) => string;
  /** The value axis runs to at least this (1 for a share, say). */
  maxValue?: number;
  direction?: ChartDirection;
}

export interface BarChart extends ChartText {
  bars: { label: string; value: Figure }[];
}

export interface LineChart extends ChartText {
  /** The points' categories in order (months, say). */
  categories: string[];
  /** One line per series, a value per category. */
  series: { name: string; values: Figure[] }[];
}

const WIDTH = 640;
const FONT = 12;
const PALETTE = ['#004b76', '#c45a00', '#2e7d32', '#7b1fa2', '#5d4037', '#00838f'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'];
const NULL_MARK = '–';

const esc = (text: string): string => escapeHtml(text);
const num = (value: number): string => String(Math.round(value * 10) / 10);
const safeId = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '-');
const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** A round top for the value axis and its ticks (1, 2, 2.5 or 5 times a power of ten). */
function scale(values: number[], atLeast = 0): { max: number; ticks: number[] } {
  const top = Math.max(atLeast, ...values, 0);
  if (top <= 0) return { max: 1, ticks: [0, 1] };
  const rough = top / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const max = Math.ceil(top / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + step / 2; tick += step) ticks.push(Number(tick.toFixed(10)));
  return { max, ticks };
}

const numbers = (figures: Figure[]): number[] =>
  figures.filter((f): f is number => typeof f === 'number');

function open(chart: ChartText, height: number, kind: string): string {
  const id = safeId(chart.id);
  const dir = chart.direction === 'rtl' ? 'rtl' : 'ltr';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${kind}" role="img" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `direction="${dir}" font-family="sans-serif" font-size="${FONT}" ` +
    `aria-label="${esc(chart.title)}" aria-describedby="${id}-desc">` +
    `<title id="${id}-title">${esc(chart.title)}</title>` +
    `<desc id="${id}-desc">${esc(chart.description)}</desc>` +
    text(WIDTH / 2, 18, chart.title, {
      class: 'chart-title',
      'text-anchor': 'middle',
      'font-weight': 'bold',
    })
  );
}

/** The axis below the plot named under it, the one beside it above it; then the end. */
function axisLabels(below: string, belowY: number, beside: string, besideY: number, rtl: boolean) {
  return (
    text(WIDTH / 2, belowY, below, { class: 'chart-axis-label', 'text-anchor': 'middle' }) +
    text(rtl ? WIDTH - 4 : 4, besideY, beside, {
      class: 'chart-axis-label',
      'text-anchor': 'start',
    }) +
    '</svg>'
  );
}

/**
 * A figure's text kept left-to-right in a right-to-left chart (an isolate), so that "< 3" is
 * not mirrored into "3 >" nor "25 %" into "% 25".
 */
const isolated = (content: string, rtl: boolean): string =>
  rtl ? `\u2066${content}\u2069` : content;

/** The caller's number format, isolated in right-to-left charts. */
function figures(chart: ChartText): (value: number) => string {
  const format = chart.format ?? ((value: number) => String(value));
  return (value) => isolated(format(value), chart.direction === 'rtl');
}

/** Where a figure is not a number: "< 3" for a suppressed one, a dash for none. */
function missing(x: number, y: number, value: Figure, anchor: string, rtl: boolean): string {
  const suppressed = value === SUPPRESSED;
  return text(x, y, suppressed ? isolated(SUPPRESSED, rtl) : NULL_MARK, {
    class: suppressed ? 'chart-value chart-suppressed' : 'chart-value chart-empty',
    'text-anchor': anchor,
    'font-style': 'italic',
  });
}

function text(
  x: number,
  y: number,
  content: string,
  attributes: Record<string, string | number> = {},
): string {
  const extra = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${esc(String(value))}"`)
    .join('');
  return `<text x="${num(x)}" y="${num(y)}"${extra}>${esc(content)}</text>`;
}

/**
 * Horizontal bars, one per category (labels beside them, so that long names of rooms or
 * topics fit), each with its value written at its end.
 */
export function barChartSvg(chart: BarChart): string {
  const format = figures(chart);
  const rtl = chart.direction === 'rtl';
  const labelWidth = Math.min(
    200,
    Math.max(60, ...chart.bars.map((bar) => clip(bar.label, 30).length * FONT * 0.6)),
  );
  const valueRoom = 70;
  const row = 24;
  const top = 34;
  const plot = WIDTH - labelWidth - valueRoom - 20;
  const height = top + Math.max(1, chart.bars.length) * row + 50;
  const { max, ticks } = scale(numbers(chart.bars.map((bar) => bar.value)), chart.maxValue);
  // Positions along the value axis, mirrored for right-to-left.
  const axis0 = rtl ? WIDTH - labelWidth - 10 : labelWidth + 10;
  const at = (value: number) => (rtl ? axis0 - (value / max) * plot : axis0 + (value / max) * plot);
  const bottom = top + Math.max(1, chart.bars.length) * row;
  const parts = [open(chart, height, 'bar')];
  parts.push('<g class="chart-grid" stroke="#d0d0d0" stroke-width="1">');
  for (const tick of ticks)
    parts.push(`<line x1="${num(at(tick))}" y1="${top}" x2="${num(at(tick))}" y2="${bottom}"/>`);
  parts.push('</g><g class="chart-ticks" fill="#333333" text-anchor="middle">');
  for (const tick of ticks) parts.push(text(at(tick), bottom + 16, format(tick)));
  parts.push('</g>');
  parts.push(
    `<line class="chart-axis" x1="${num(axis0)}" y1="${top}" x2="${num(axis0)}" y2="${bottom}" stroke="#333333"/>`,
  );
  chart.bars.forEach((bar, index) => {
    const y = top + index * row;
    const middle = y + row / 2 + FONT / 3;
    // The category beside the axis; "end" is the side towards the axis in both directions.
    parts.push(
      text(rtl ? axis0 + 6 : axis0 - 6, middle, clip(bar.label, 30), {
        class: 'chart-category',
        'text-anchor': 'end',
      }),
    );
    if (typeof bar.value === 'number') {
      const end = at(Math.max(0, bar.value));
      parts.push(
        `<rect class="chart-bar" x="${num(Math.min(axis0, end))}" y="${y + 4}" ` +
          `width="${num(Math.abs(end - axis0))}" height="${row - 8}" fill="${PALETTE[0]}"/>`,
      );
      parts.push(
        text(rtl ? end - 4 : end + 4, middle, format(bar.value), {
          class: 'chart-value',
          'text-anchor': 'start',
        }),
      );
    } else {
      parts.push(missing(rtl ? axis0 - 4 : axis0 + 4, middle, bar.value, 'start', rtl));
    }
  });
  parts.push(axisLabels(chart.valueAxisLabel, height - 8, chart.categoryAxisLabel, top - 4, rtl));
  return parts.join('');
}

/**
 * Lines over ordered categories (months), one per series, each point with its value; a
 * suppressed or missing point breaks its line and is written as "< 3" (or a dash) instead.
 * Series differ in colour and dash pattern, so that a black-and-white print tells them apart.
 */
export function lineChartSvg(chart: LineChart): string {
  const format = figures(chart);
  const rtl = chart.direction === 'rtl';
  const side = 70;
  const top = 44;
  const plotHeight = 220;
  const legendTop = top + plotHeight + 56;
  const height = legendTop + chart.series.length * 18 + 8;
  const plotWidth = WIDTH - side - 30;
  const { max, ticks } = scale(
    chart.series.flatMap((series) => numbers(series.values)),
    chart.maxValue,
  );
  const axisX = rtl ? WIDTH - side : side;
  const count = Math.max(1, chart.categories.length);
  const step = plotWidth / count;
  const xAt = (index: number) =>
    rtl ? axisX - step * (index + 0.5) : axisX + step * (index + 0.5);
  const bottom = top + plotHeight;
  const yAt = (value: number) => bottom - (Math.max(0, value) / max) * plotHeight;
  const far = rtl ? axisX - plotWidth : axisX + plotWidth;
  const parts = [open(chart, height, 'line')];
  parts.push('<g class="chart-grid" stroke="#d0d0d0" stroke-width="1">');
  for (const tick of ticks)
    parts.push(
      `<line x1="${num(axisX)}" y1="${num(yAt(tick))}" x2="${num(far)}" y2="${num(yAt(tick))}"/>`,
    );
  parts.push('</g><g class="chart-ticks" fill="#333333" text-anchor="end">');
  for (const tick of ticks)
    parts.push(text(rtl ? axisX + 6 : axisX - 6, yAt(tick) + FONT / 3, format(tick)));
  parts.push('</g><g class="chart-categories" fill="#333333" text-anchor="middle">');
  chart.categories.forEach((category, index) =>
    // As many characters as fit the category's width (the table has the whole name).
    parts.push(text(xAt(index), bottom + 16, clip(category, Math.max(3, Math.floor(step / 7))))),
  );
  parts.push('</g>');
  parts.push(
    `<path class="chart-axis" d="M${num(axisX)} ${top}V${bottom}H${num(far)}" fill="none" stroke="#333333"/>`,
  );
  chart.series.forEach((series, index) => {
    const colour = PALETTE[index % PALETTE.length];
    const dash = DASHES[index % DASHES.length];
    let path = '';
    let drawing = false;
    const marks: string[] = [];
    chart.categories.forEach((_, at) => {
      const value = series.values[at] ?? null;
      const x = xAt(at);
      if (typeof value === 'number') {
        const y = yAt(value);
        path += `${drawing ? 'L' : 'M'}${num(x)} ${num(y)}`;
        drawing = true;
        marks.push(
          `<circle class="chart-point" cx="${num(x)}" cy="${num(y)}" r="3" fill="${colour}"/>`,
        );
        marks.push(
          text(x, y - 7, format(value), { class: 'chart-value', 'text-anchor': 'middle' }),
        );
      } else {
        drawing = false;
        marks.push(missing(x, bottom - 6 - index * 14, value, 'middle', rtl));
      }
    });
    parts.push(`<g class="chart-series chart-series-${index}" fill="${colour}">`);
    if (path)
      parts.push(
        `<path class="chart-line" d="${path}" fill="none" stroke="${colour}" stroke-width="2"` +
          (dash ? ` stroke-dasharray="${dash}"` : '') +
          '/>',
      );
    parts.push(...marks, '</g>');
    const legendY = legendTop + index * 18;
    const keyX = rtl ? WIDTH - side : side;
    parts.push(
      `<line class="chart-legend-key" x1="${keyX}" y1="${legendY - 4}" x2="${rtl ? keyX - 24 : keyX + 24}" y2="${legendY - 4}" stroke="${colour}" stroke-width="2"` +
        (dash ? ` stroke-dasharray="${dash}"` : '') +
        '/>',
    );
    parts.push(
      text(rtl ? keyX - 30 : keyX + 30, legendY, series.name, {
        class: 'chart-legend',
        'text-anchor': 'start',
      }),
    );
  });
  parts.push(axisLabels(chart.categoryAxisLabel, bottom + 36, chart.valueAxisLabel, top - 8, rtl));
  return parts.join('');
}

/** The chart renderer for pages: the same functions, injectable from ReportingModule. */
@Injectable()
export class SvgChartsService {
  bar(chart: BarChart): string {
    return barChartSvg(chart);
  }

  line(chart: LineChart): string {
    return lineChartSvg(chart);
  }
}
