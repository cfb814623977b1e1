// Training curves as a standalone SVG chart (`nnc train --plot curves.svg`), and the one-line
// summary of the best epoch that `nnc train` prints at the end. No dependencies: the SVG is
// written by hand.
//
// The chart has one panel per figure: `loss` first, then each metric (`accuracy`, `mae`, ...),
// each with the training series (solid blue) and, when there is validation data, the validation
// series (dashed orange); the best epoch is a dotted vertical line in every panel with a ring on
// the monitored series, and the test figures (a `test` data source) are green diamonds at the
// right edge. A loss that spans more than a factor of 20 is drawn on a log scale.
//
// The input is exactly what `--history` writes: one array per figure (`loss`, `val_loss`,
// `accuracy`, `val_accuracy`, ...) and single numbers for the test figures (`test_loss`, ...).

import { monitorMode } from '../runtime/trainer.js';
import { formatValue } from './progress.js';

export type Figures = Readonly<Record<string, number | readonly number[]>>;

export interface PlotOptions {
  /** The model's name, for the title. */
  readonly title?: string;
  /** The best epoch (1-based), as early stopping found it; computed from `monitor` when absent. */
  readonly bestEpoch?: number | null;
  /** The figure that decides the best epoch (default: val_loss when there is validation, else loss). */
  readonly monitor?: string;
}

export function monitorOf(figures: Figures, monitor?: string): string {
  if (monitor && Array.isArray(figures[monitor])) return monitor;
  return Array.isArray(figures['val_loss']) ? 'val_loss' : 'loss';
}

/** The best epoch (1-based) of `monitor`: its lowest value (highest for accuracy), first wins. */
export function bestEpochOf(figures: Figures, monitor: string): number | null {
  const series = figures[monitor];
  if (!Array.isArray(series)) return null;
  const max = monitorMode(monitor) === 'max'; // as early stopping decides
  let best: number | null = null;
  series.forEach((v: number, i: number) => {
    if (!Number.isFinite(v)) return;
    if (best === null || (max ? v > series[best - 1]! : v < series[best - 1]!)) best = i + 1;
  });
  return best;
}

/** The figure names that have curves, in panel order: loss, then the metrics sorted. */
export function panelNames(figures: Figures): string[] {
  const base = new Set<string>();
  for (const [k, v] of Object.entries(figures)) {
    if (!Array.isArray(v) || k.startsWith('test_')) continue;
    base.add(k.startsWith('val_') ? k.slice(4) : k);
  }
  const rest = [...base].filter((k) => k !== 'loss').sort();
  return base.has('loss') ? ['loss', ...rest] : rest;
}

// ---------------------------------------------------------------------------------------------
// The summary line

export interface SummaryOptions {
  /** The best epoch as early stopping found it (computed from `monitor` when absent). */
  readonly bestEpoch?: number | null;
  readonly monitor?: string;
  /** Epochs run; when the final weights are not the best epoch's, the line says so. */
  readonly epochs: number;
  /** Whether the weights kept are the best epoch's (early stopping's restore_best). */
  readonly restoredBest: boolean;
}

/**
 * `Best epoch 24: val_loss 0.0412, val_accuracy 0.9912 · test: loss 0.0510, accuracy 0.9825`.
 * The best epoch's validation figures (its training figures without validation data), then the
 * test figures when there are any. Null when no epoch has a finite figure.
 */
export function summaryLine(figures: Figures, opts: SummaryOptions): string | null {
  const monitor = monitorOf(figures, opts.monitor);
  // Without validation or early stopping, "best" would be the lowest training loss, which says
  // nothing about the weights kept: report the final epoch instead.
  const final = !monitor.startsWith('val_') && (opts.bestEpoch === undefined || opts.bestEpoch === null);
  const best = final ? opts.epochs : (opts.bestEpoch ?? bestEpochOf(figures, monitor));
  if (best === null || best < 1) return null;
  const prefix = monitor.startsWith('val_') ? 'val_' : '';
  const names = Object.keys(figures).filter((k) => Array.isArray(figures[k]) && (prefix ? k.startsWith('val_') : !k.startsWith('val_') && !k.startsWith('test_')));
  const order = (k: string): string => (k === `${prefix}loss` ? '' : k);
  names.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const at = names.map((k) => `${k} ${formatValue((figures[k] as readonly number[])[best - 1]!)}`).join(', ');
  let line = `${final ? 'Final' : 'Best'} epoch ${best}: ${at}`;
  const finalIsBest = best === opts.epochs || opts.restoredBest;
  const tests = Object.keys(figures).filter((k) => k.startsWith('test_') && typeof figures[k] === 'number');
  tests.sort((a, b) => (a === 'test_loss' ? -1 : b === 'test_loss' ? 1 : a < b ? -1 : 1));
  if (tests.length) {
    const tf = tests.map((k) => `${k.slice(5)} ${formatValue(figures[k] as number)}`).join(', ');
    line += ` · test${finalIsBest ? '' : ` (weights of epoch ${opts.epochs})`}: ${tf}`;
  } else if (!finalIsBest) line += ` (the weights kept are epoch ${opts.epochs}'s)`;
  return line;
}

// ---------------------------------------------------------------------------------------------
// Scales and ticks

/** 1, 2 or 5 times a power of ten, near `x` (rounded up when `ceil`). */
function niceNumber(x: number, ceil: boolean): number {
  const e = Math.floor(Math.log10(x));
  const f = x / 10 ** e;
  const n = ceil ? (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) : f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return n * 10 ** e;
}

interface Axis {
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly number[];
  readonly log: boolean;
  label(v: number): string;
}

/** Decimal places that show a step of `step` exactly. */
function decimalsFor(step: number): number {
  return Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
}

function compactNumber(v: number, decimals: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) {
    const [m, e] = v.toExponential(2).split('e') as [string, string];
    return `${m.replace(/\.?0+$/, '')}e${Number(e)}`;
  }
  return v.toFixed(decimals);
}

export function linearAxis(min: number, max: number, target = 5): Axis {
  if (!(max > min)) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceNumber((max - min) / Math.max(1, target - 1), true);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  const d = decimalsFor(step);
  const n = Math.round((hi - lo) / step);
  for (let i = 0; i <= n; i++) ticks.push(Number((lo + i * step).toFixed(Math.min(12, d + 2))));
  return { lo, hi, ticks, log: false, label: (v) => compactNumber(v, d) };
}

export function logAxis(min: number, max: number): Axis {
  const e1 = Math.ceil(Math.log10(max) - 1e-9);
  const decades = Math.max(1, e1 - Math.floor(Math.log10(min) + 1e-9));
  const mult = decades <= 2 ? [1, 2, 5] : decades <= 4 ? [1, 3] : [1];
  // At most about six labelled decades: every other one (or fewer) for wide ranges.
  const every = Math.max(1, Math.ceil(decades / 6));
  const e0 = e1 - Math.ceil(decades / every) * every;
  const candidates: number[] = [];
  for (let e = e0; e <= e1; e++) {
    if ((e - e0) % every !== 0) continue;
    for (const m of mult) candidates.push(Number((m * 10 ** e).toPrecision(6)));
  }
  // The tightest candidates around the data.
  const lo = Math.max(...candidates.filter((c) => c <= min * (1 + 1e-9)));
  const hi = Math.min(...candidates.filter((c) => c >= max * (1 - 1e-9)));
  const ticks = candidates.filter((c) => c >= lo && c <= hi);
  const label = (v: number): string => {
    const e = Math.floor(Math.log10(v) + 1e-9);
    return e >= -3 && e <= 4 ? String(Number(v.toPrecision(3))) : compactNumber(v, 0);
  };
  return { lo, hi, ticks, log: true, label };
}

// ---------------------------------------------------------------------------------------------
// SVG

const COLORS = { train: '#1f77b4', val: '#e8710a', test: '#1a9641', best: '#555555', grid: '#e6e6e6', axis: '#333333', text: '#222222', muted: '#666666' };
const FONT = "font-family=\"'DejaVu Sans', 'Liberation Sans', Helvetica, Arial, sans-serif\"";
const PANEL_W = 420;
const PANEL_H = 300;
const MARGIN = { left: 62, right: 64, top: 28, bottom: 46 };
const HEADER = 64; // title + legend
/** A white outline under small labels, so they stay readable where they cross a curve. */
const HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const num = (v: number): string => String(Math.round(v * 100) / 100);

/** Polyline path through the finite points; a non-finite value breaks the line. */
function pathOf(values: readonly number[], x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${num(x(i))} ${num(y(v))}`;
    pen = true;
  });
  return d;
}

function titleCase(name: string): string {
  return name === 'mae' || name === 'mse' ? name.toUpperCase() : name.charAt(0).toUpperCase() + name.slice(1);
}

/** The chart as an SVG document. */
export function plotHistory(figures: Figures, opts: PlotOptions = {}): string {
  const panels = panelNames(figures);
  if (panels.length === 0) throw new Error('nothing to plot: the history has no per-epoch figures');
  const monitor = monitorOf(figures, opts.monitor);
  const best = opts.bestEpoch ?? bestEpochOf(figures, monitor);
  const epochs = Math.max(...panels.flatMap((p) => [figures[p], figures[`val_${p}`]]).map((s) => (Array.isArray(s) ? s.length : 0)));
  const hasVal = panels.some((p) => Array.isArray(figures[`val_${p}`]));
  const hasTest = panels.some((p) => typeof figures[`test_${p}`] === 'number');

  const width = panels.length * (PANEL_W + MARGIN.left + MARGIN.right);
  const height = HEADER + MARGIN.top + PANEL_H + MARGIN.bottom;
  const out: string[] = [];
  const names = panels.length > 1 ? `${panels.slice(0, -1).join(', ')} and ${panels.at(-1)}` : panels[0]!;
  const title = `${opts.title ? `${opts.title}: ` : ''}${names} per epoch`;
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ${FONT} font-size="12">`);
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold" fill="${COLORS.text}">${escapeXml(title)}</text>`);

  // Legend: what each mark means, once for the whole chart.
  const legend: string[] = [];
  let lx = 0;
  const item = (mark: string, text: string): void => {
    legend.push(`<g transform="translate(${lx},0)">${mark}<text x="30" y="4" fill="${COLORS.text}">${escapeXml(text)}</text></g>`);
    lx += 40 + text.length * 7;
  };
  item(`<line x1="0" y1="0" x2="24" y2="0" stroke="${COLORS.train}" stroke-width="2.5"/>`, 'train');
  if (hasVal) item(`<line x1="0" y1="0" x2="24" y2="0" stroke="${COLORS.val}" stroke-width="2.5" stroke-dasharray="7 4"/>`, 'validation');
  if (hasTest) item(`<path d="M12 -6L18 0L12 6L6 0Z" fill="${COLORS.test}"/>`, 'test (after training)');
  if (best !== null) item(`<line x1="12" y1="-7" x2="12" y2="7" stroke="${COLORS.best}" stroke-width="1.5" stroke-dasharray="2 3"/><circle cx="12" cy="0" r="4" fill="none" stroke="${COLORS.best}" stroke-width="1.5"/>`, `best epoch ${best} (${monitor})`);
  out.push(`<g class="legend" transform="translate(${Math.max(8, (width - lx) / 2)},48)">${legend.join('')}</g>`);

  panels.forEach((name, k) => {
    const train = Array.isArray(figures[name]) ? (figures[name] as readonly number[]) : null;
    const val = Array.isArray(figures[`val_${name}`]) ? (figures[`val_${name}`] as readonly number[]) : null;
    const test = typeof figures[`test_${name}`] === 'number' ? (figures[`test_${name}`] as number) : null;
    const values = [...(train ?? []), ...(val ?? []), ...(test !== null ? [test] : [])].filter(Number.isFinite);
    const lo = values.length ? Math.min(...values) : 0;
    const hi = values.length ? Math.max(...values) : 1;
    const y = name === 'loss' && lo > 0 && hi / lo > 20 ? logAxis(lo, hi) : linearAxis(lo, hi);
    const x = linearAxis(1, Math.max(epochs, 2), Math.min(8, Math.max(epochs, 2)));
    // Whole epochs only on the x axis.
    const xTicks = x.ticks.filter((t) => Number.isInteger(t) && t >= 1 && t <= Math.max(epochs, 1));
    if (!xTicks.includes(1)) xTicks.unshift(1);
    const xHi = Math.max(epochs, 2);

    const ox = k * (PANEL_W + MARGIN.left + MARGIN.right) + MARGIN.left;
    const oy = HEADER + MARGIN.top;
    const px = (epoch: number): number => ox + ((epoch - 1) / (xHi - 1)) * PANEL_W;
    const py = (v: number): number => {
      const t = y.log ? (Math.log10(v) - Math.log10(y.lo)) / (Math.log10(y.hi) - Math.log10(y.lo)) : (v - y.lo) / (y.hi - y.lo);
      return oy + PANEL_H - Math.min(1.02, Math.max(-0.02, t)) * PANEL_H;
    };

    out.push(`<g class="panel" data-figure="${escapeXml(name)}">`);
    out.push(`<text x="${ox + PANEL_W / 2}" y="${oy - 10}" text-anchor="middle" font-size="14" font-weight="bold" fill="${COLORS.text}">${escapeXml(titleCase(name))}${y.log ? ' (log scale)' : ''}</text>`);
    // Grid and y ticks.
    for (const t of y.ticks) {
      const yy = num(py(t));
      out.push(`<line class="grid" x1="${ox}" y1="${yy}" x2="${ox + PANEL_W}" y2="${yy}" stroke="${COLORS.grid}"/>`);
      out.push(`<line x1="${ox - 5}" y1="${yy}" x2="${ox}" y2="${yy}" stroke="${COLORS.axis}"/>`);
      out.push(`<text class="tick y" x="${ox - 8}" y="${yy}" dy="4" text-anchor="end" fill="${COLORS.muted}">${escapeXml(y.label(t))}</text>`);
    }
    for (const t of xTicks) {
      const xx = num(px(t));
      out.push(`<line x1="${xx}" y1="${oy + PANEL_H}" x2="${xx}" y2="${oy + PANEL_H + 5}" stroke="${COLORS.axis}"/>`);
      out.push(`<text class="tick x" x="${xx}" y="${oy + PANEL_H + 19}" text-anchor="middle" fill="${COLORS.muted}">${t}</text>`);
    }
    // Axes.
    out.push(`<path class="axis" d="M${ox} ${oy}V${oy + PANEL_H}H${ox + PANEL_W}" fill="none" stroke="${COLORS.axis}"/>`);
    out.push(`<text x="${ox + PANEL_W / 2}" y="${oy + PANEL_H + 38}" text-anchor="middle" fill="${COLORS.text}">epoch</text>`);
    out.push(`<text x="${ox - 48}" y="${oy + PANEL_H / 2}" text-anchor="middle" transform="rotate(-90 ${ox - 48} ${oy + PANEL_H / 2})" fill="${COLORS.text}">${escapeXml(name)}</text>`);

    // Best epoch.
    if (best !== null && best <= epochs) {
      const bx = num(px(best));
      out.push(`<line class="best" data-epoch="${best}" x1="${bx}" y1="${oy}" x2="${bx}" y2="${oy + PANEL_H}" stroke="${COLORS.best}" stroke-width="1.5" stroke-dasharray="2 3"/>`);
    }
    const markers = epochs <= 60;
    const series = (s: readonly number[], key: string, color: string, dashed: boolean): void => {
      out.push(`<path class="series" data-series="${escapeXml(key)}" d="${pathOf(s, (i) => px(i + 1), py)}" fill="none" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="7 4"' : ''} stroke-linejoin="round" stroke-linecap="round"/>`);
      if (markers) {
        const dots = s.map((v, i) => (Number.isFinite(v) ? `<circle cx="${num(px(i + 1))}" cy="${num(py(v))}" r="2.5"/>` : '')).join('');
        out.push(`<g fill="${color}">${dots}</g>`);
      }
    };
    if (train) series(train, name, COLORS.train, false);
    if (val) series(val, `val_${name}`, COLORS.val, true);
    // Ring the best epoch on the monitored series (or its panel's validation/training series).
    if (best !== null && best <= epochs) {
      const s = (monitor === name ? train : monitor === `val_${name}` ? val : null) ?? val ?? train;
      const v = s?.[best - 1];
      if (v !== undefined && Number.isFinite(v)) {
        const bx = px(best);
        const by = py(v);
        out.push(`<circle class="best-point" cx="${num(bx)}" cy="${num(by)}" r="6" fill="none" stroke="${COLORS.best}" stroke-width="2"/>`);
        // The label sits at the end of the dotted line (top or bottom) farther from the curves.
        const ys = [train, val].map((q) => q?.[best - 1]).filter((n): n is number => n !== undefined && Number.isFinite(n)).map(py);
        const top = oy + 14;
        const bottom = oy + PANEL_H - 8;
        const gap = (yy: number): number => Math.min(...ys.map((c) => Math.abs(c - yy)));
        const ly = gap(top) >= gap(bottom) ? top : bottom;
        const right = bx < ox + PANEL_W - 110;
        out.push(`<text class="best-label" x="${num(bx + (right ? 8 : -8))}" y="${num(ly)}" text-anchor="${right ? 'start' : 'end'}" font-size="11" fill="${COLORS.best}" ${HALO}>epoch ${best}: ${escapeXml(formatValue(v))}</text>`);
      }
    }
    if (test !== null && Number.isFinite(test)) {
      const tx = px(xHi);
      const ty = py(test);
      out.push(`<path class="test" data-series="test_${escapeXml(name)}" d="M${num(tx)} ${num(ty - 7)}L${num(tx + 7)} ${num(ty)}L${num(tx)} ${num(ty + 7)}L${num(tx - 7)} ${num(ty)}Z" fill="${COLORS.test}" stroke="#ffffff" stroke-width="1"/>`);
      out.push(`<text class="test-label" x="${num(tx + 11)}" y="${num(ty)}" font-size="11" fill="${COLORS.test}" ${HALO}><tspan x="${num(tx + 11)}" dy="-2">test</tspan><tspan x="${num(tx + 11)}" dy="13">${escapeXml(formatValue(test))}</tspan></text>`);
    }
    out.push(`</g>`);
  });
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}
