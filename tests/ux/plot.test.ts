// `nnc train --plot`: the SVG chart of cli/plot.ts. Its structure is checked by Chromium's own XML
// parser (well-formed, an <svg> root, the expected series, axes, ticks, legend and best-epoch
// mark), and it must render: drawn into a canvas in headless Chromium, the series' colours show
// up as pixels. Chromium missing is a failure, not a skip (.ci/run installs it).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestEpochOf, linearAxis, logAxis, panelNames, plotHistory, summaryLine } from '../../cli/plot.js';
import { countColours, launchChromium } from '../helpers/chromium.js';
import { nnc, root, userStderr } from '../helpers/cli.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium('the plot tests');
  page = await browser.newPage({ viewport: { width: 1200, height: 600 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

interface Parsed {
  error: string | null;
  root: string;
  width: number;
  height: number;
  title: string;
  panels: string[];
  series: string[];
  tests: string[];
  best: string[];
  xTicks: string[];
  yTicks: string[];
  legend: string;
}

/** Parses the SVG with Chromium's XML parser and reads what the chart is made of. */
async function parse(svg: string): Promise<Parsed> {
  return page.evaluate((text: string) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    const el = doc.documentElement;
    const all = (sel: string, attr: string | null = null): string[] => [...doc.querySelectorAll(sel)].map((e) => (attr ? e.getAttribute(attr)! : (e.textContent ?? '').trim()));
    return {
      error: err ? err.textContent : null,
      root: el.localName,
      width: Number(el.getAttribute('width')),
      height: Number(el.getAttribute('height')),
      title: doc.querySelector('title')?.textContent ?? '',
      panels: all('g.panel', 'data-figure'),
      series: all('path.series', 'data-series'),
      tests: all('path.test', 'data-series'),
      best: all('line.best', 'data-epoch'),
      xTicks: all('text.tick.x'),
      yTicks: all('text.tick.y'),
      legend: doc.querySelector('g.legend')?.textContent ?? '',
    };
  }, svg);
}

/** Renders the SVG as an image in a canvas and counts the pixels near each colour. */
function render(svg: string, colours: Record<string, [number, number, number]>): Promise<Record<string, number>> {
  return countColours(page, `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`, colours, 39);
}

const COLOURS: Record<string, [number, number, number]> = { train: [0x1f, 0x77, 0xb4], val: [0xe8, 0x71, 0x0a], test: [0x1a, 0x96, 0x41] };

// A made-up history: loss falls by three decades (log scale), validation turns up after epoch 12.
const epochs = 20;
const loss = Array.from({ length: epochs }, (_, i) => 2 * Math.exp(-0.35 * i));
const valLoss = Array.from({ length: epochs }, (_, i) => 0.3 + 0.004 * (i - 11) ** 2 + 1.7 * Math.exp(-0.5 * i));
const history = {
  loss,
  accuracy: loss.map((l) => 1 - 0.5 * Math.min(1, l)),
  val_loss: valLoss,
  val_accuracy: valLoss.map((l) => 1 - 0.5 * Math.min(1, l)),
  test_loss: 0.35,
  test_accuracy: 0.84,
};

describe('plot helpers', () => {
  it('orders panels loss first, then metrics; finds the best epoch', () => {
    expect(panelNames(history)).toEqual(['loss', 'accuracy']);
    expect(panelNames({ loss: [1], mae: [1], val_mae: [1], test_mae: 2, accuracy: [0] })).toEqual(['loss', 'accuracy', 'mae']);
    expect(bestEpochOf(history, 'val_loss')).toBe(valLoss.indexOf(Math.min(...valLoss)) + 1);
    expect(bestEpochOf({ val_accuracy: [0.5, 0.9, 0.9, 0.8] }, 'val_accuracy')).toBe(2);
    expect(bestEpochOf({ loss: [NaN, 2, 1, Infinity] }, 'loss')).toBe(3);
  });

  it('picks round ticks that cover the data', () => {
    expect(linearAxis(0.43, 0.98).ticks).toEqual([0.4, 0.6, 0.8, 1]);
    expect(linearAxis(0.43, 0.98, 8).ticks).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const a = linearAxis(1, 100, 6);
    expect(a.ticks[0]).toBeLessThanOrEqual(1);
    expect(a.ticks.at(-1)).toBeGreaterThanOrEqual(100);
    expect(linearAxis(5, 5).ticks.length).toBeGreaterThan(1); // a flat series still gets an axis
    const l = logAxis(0.0021, 1.9);
    expect(l.lo).toBeLessThanOrEqual(0.0021);
    expect(l.hi).toBeGreaterThanOrEqual(1.9);
    expect(l.ticks.map(l.label)).toContain('0.01');
    const wide = logAxis(1e-7, 1);
    expect(wide.ticks.map(wide.label)).toContain('1e-6');
    expect(wide.lo).toBeLessThanOrEqual(1e-7);
    expect(wide.hi).toBe(1);
  });

  it('writes the summary line: best epoch, its validation figures, the test figures', () => {
    const best = bestEpochOf(history, 'val_loss')!;
    const line = summaryLine(history, { bestEpoch: best, monitor: 'val_loss', epochs, restoredBest: true });
    expect(line).toBe(`Best epoch ${best}: val_loss ${valLoss[best - 1]!.toFixed(4)}, val_accuracy ${history.val_accuracy[best - 1]!.toFixed(4)} · test: loss 0.3500, accuracy 0.8400`);
    // Weights not restored: the test figures are the last epoch's, and the line says so.
    expect(summaryLine(history, { bestEpoch: best, epochs, restoredBest: false })).toMatch(new RegExp(`^Best epoch ${best}: .* · test \\(weights of epoch ${epochs}\\): loss 0\\.3500, accuracy 0\\.8400$`));
    // No validation, no early stopping: the final epoch's training figures.
    expect(summaryLine({ loss: [1, 0.5, 0.25], mae: [3, 2, 1] }, { epochs: 3, restoredBest: false })).toBe('Final epoch 3: loss 0.2500, mae 1.0000');
  });
});

describe('the SVG chart', () => {
  it('is well-formed XML with both panels, every series, test marks and the best epoch', async () => {
    const svg = plotHistory(history, { title: 'demo <&> "model"', monitor: 'val_loss' });
    const p = await parse(svg);
    expect(p.error).toBeNull();
    expect(p.root).toBe('svg');
    expect(p.title).toBe('demo <&> "model": loss and accuracy per epoch');
    expect(p.panels).toEqual(['loss', 'accuracy']);
    expect(p.series.sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(p.tests.sort()).toEqual(['test_accuracy', 'test_loss']);
    const best = bestEpochOf(history, 'val_loss')!;
    expect(p.best).toEqual([String(best), String(best)]); // a mark in each panel
    expect(p.legend).toMatch(/train.*validation.*test.*best epoch \d+ \(val_loss\)/);
    expect(p.xTicks).toContain('1');
    expect(p.xTicks).toContain('10');
    expect(p.yTicks.length).toBeGreaterThanOrEqual(6); // both panels
    expect(p.width).toBeGreaterThan(800);
  });

  it('renders in headless Chromium: the series show up in their colours', async () => {
    const counts = await render(plotHistory(history, { title: 'demo' }), COLOURS);
    expect(counts['nonWhite']! / counts['all']!).toBeGreaterThan(0.01);
    expect(counts['train']).toBeGreaterThan(300);
    expect(counts['val']).toBeGreaterThan(300);
    expect(counts['test']).toBeGreaterThan(40);
  });

  it('copes with one epoch, no validation, and a diverged (NaN) figure', async () => {
    const one = await parse(plotHistory({ loss: [0.5] }));
    expect(one.error).toBeNull();
    expect(one.series).toEqual(['loss']);
    const nan = plotHistory({ loss: [1, 0.5, NaN, Infinity], mae: [1, 0.5, 0.2, 0.1] });
    expect(nan).not.toMatch(/NaN|Infinity/);
    expect((await parse(nan)).series).toEqual(['loss', 'mae']);
  });
});

describe('nnc train --plot, --history and the summary line (digits.nn, 2 epochs)', () => {
  it('writes the chart, the history with the test figures, and prints the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-plot-'));
    const svgPath = join(dir, 'curves.svg');
    const histPath = join(dir, 'h.json');
    const r = nnc(['train', 'dsl-examples/digits.nn', '--epochs', '2', '--plot', svgPath, '--history', histPath], { cwd: root });
    expect(r.code, `nnc train failed:\n${userStderr(r.stderr)}${r.stdout}`).toBe(0);
    const h = JSON.parse(readFileSync(histPath, 'utf8')) as Record<string, number | number[]>;
    expect(Object.keys(h).sort()).toEqual(['accuracy', 'loss', 'test_accuracy', 'test_loss', 'val_accuracy', 'val_loss']);
    for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) expect(h[k]).toHaveLength(2);
    expect(typeof h['test_loss']).toBe('number');
    expect(h['test_accuracy']).toBeGreaterThan(0.5); // two epochs already beat chance (0.1) by far
    expect(h['test_accuracy']).toBeLessThanOrEqual(1);
    // The summary line repeats the figures of the history file.
    const line = r.stdout.split('\n').find((l) => /^(Best|Final) epoch/.test(l));
    expect(line, r.stdout).toMatch(/^Best epoch [12]: val_loss \d\.\d{4}, val_accuracy \d\.\d{4} · test: loss \d\.\d{4}, accuracy \d\.\d{4}$/);
    expect(line).toContain(`accuracy ${(h['test_accuracy'] as number).toFixed(4)}`);
    expect(r.stdout).toContain(`Wrote the training curves to ${svgPath}`);
    const p = await parse(readFileSync(svgPath, 'utf8'));
    expect(p.error).toBeNull();
    expect(p.title).toBe('digits: loss and accuracy per epoch');
    expect(p.series.sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(p.tests.sort()).toEqual(['test_accuracy', 'test_loss']);
    const counts = await render(readFileSync(svgPath, 'utf8'), COLOURS);
    expect(counts['train']).toBeGreaterThan(50);
    expect(counts['val']).toBeGreaterThan(50);
  }, 180_000);
});
