// `nnc graph --format svg` opened in headless Chromium as a standalone SVG document: it parses as
// XML, every label as Chromium renders it (real font metrics, not the layout's estimate) lies
// inside its box, buffer names stay clear of the boxes, and each kind of node shows its colour in
// a screenshot. The screenshots are kept in /tmp/graph-forward.png and /tmp/graph-fused.png for a
// person to look at.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countColours, launchChromium } from '../helpers/chromium.js';
import { nnc } from '../helpers/cli.js';

const out = mkdtempSync(join(tmpdir(), 'nnc-graph-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium('the graph svg tests');
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Node fills of cli/graph-svg.ts. */
const FILLS: Record<string, [number, number, number]> = { leaf: [0xe8, 0xf5, 0xe9], op: [0xe3, 0xf2, 0xfd], output: [0xff, 0xf3, 0xe0], kernel: [0xf3, 0xe5, 0xf5] };

interface Inspected {
  root: string;
  parseError: boolean;
  nodes: { id: string; style: string; text: string; inside: boolean }[];
  portLabelsOnBoxes: string[];
  offCanvas: string[];
}

/** What the SVG document is made of, measured with Chromium's own text layout. */
async function inspect(page: Page): Promise<Inspected> {
  return page.evaluate(() => {
    const el = document.documentElement as unknown as SVGSVGElement;
    const [vx, vy, vw, vh] = (el.getAttribute('viewBox') ?? '').split(' ').map(Number);
    const box = (e: Element): DOMRect => (e as SVGGraphicsElement).getBBox();
    const within = (a: DOMRect, b: DOMRect, tol: number): boolean => a.x >= b.x - tol && a.y >= b.y - tol && a.x + a.width <= b.x + b.width + tol && a.y + a.height <= b.y + b.height + tol;
    const hits = (a: DOMRect, b: DOMRect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const rects = [...document.querySelectorAll('rect.node')].map(box);
    const view = new DOMRect(vx, vy, vw, vh);
    return {
      root: el.localName,
      parseError: document.querySelector('parsererror') !== null,
      nodes: [...document.querySelectorAll('g.node')].map((g) => ({
        id: g.getAttribute('data-id') ?? '',
        style: g.classList[1] ?? '',
        text: g.querySelector('text')?.textContent ?? '',
        inside: within(box(g.querySelector('text')!), box(g.querySelector('rect')!), 0.5),
      })),
      portLabelsOnBoxes: [...document.querySelectorAll('text.port-label')].filter((t) => rects.some((r) => hits(box(t), r))).map((t) => t.textContent ?? ''),
      offCanvas: [...document.querySelectorAll('text, rect.node')].filter((e) => !within(box(e), view, 0.5)).map((e) => e.textContent ?? e.outerHTML),
    };
  });
}

/** Pixels of each node fill in a PNG, decoded and counted in the page. */
async function fillPixels(page: Page, png: Buffer): Promise<Record<string, number>> {
  await page.goto('about:blank');
  return countColours(page, `data:image/png;base64,${png.toString('base64')}`, FILLS, 6);
}

describe('nnc graph --format svg in headless Chromium', { timeout: 180_000 }, () => {
  for (const stage of ['forward', 'fused'] as const) {
    it(`renders the ${stage} graph of batchnorm_classifier.nn readably`, async () => {
      const r = nnc(['graph', 'dsl-examples/batchnorm_classifier.nn', '--stage', stage, '--format', 'svg']);
      expect(r.code, r.stderr).toBe(0);
      const file = join(out, `${stage}.svg`);
      writeFileSync(file, r.stdout);
      const [w, h] = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(r.stdout)!.slice(1).map(Number);
      const page = await browser.newPage({ viewport: { width: w!, height: h! } });
      try {
        await page.goto(pathToFileURL(file).href);
        const doc = await inspect(page);
        expect(doc.parseError).toBe(false);
        expect(doc.root).toBe('svg');
        const styles = stage === 'forward' ? ['leaf', 'op', 'output'] : ['kernel'];
        expect([...new Set(doc.nodes.map((n) => n.style))].sort()).toEqual(styles);
        expect(doc.nodes.length).toBeGreaterThanOrEqual(stage === 'forward' ? 30 : 20);
        expect(doc.nodes.filter((n) => !n.inside).map((n) => `${n.id}: ${n.text}`), 'labels that spill out of their box').toEqual([]);
        expect(doc.portLabelsOnBoxes, 'buffer names drawn over a box').toEqual([]);
        expect(doc.offCanvas, 'drawn outside the viewBox').toEqual([]);

        const png = await page.screenshot({ path: `/tmp/graph-${stage}.png` }); // the viewport is the picture's size
        const px = await fillPixels(page, png);
        for (const s of styles) expect(px[s], `${s} boxes in the screenshot`).toBeGreaterThan(500);
        for (const s of Object.keys(FILLS).filter((k) => !styles.includes(k))) expect(px[s], `no ${s} colour`).toBe(0);
      } finally {
        await page.close();
      }
    });
  }
});
