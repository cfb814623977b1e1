// The browser example end to end: build the page (esbuild) and its bundle (nnc train + nnc compile),
// serve it on 127.0.0.1, drive headless Debian Chromium with playwright-core, and check that the
// page's predictions equal Node's for the same bundle, that drawing with the mouse classifies,
// and that fine-tuning runs in the page. Chromium missing is a failure, not a skip (.ci/run
// installs it).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, buildPage, serve } from '../../examples/web/build.mjs';
import { loadBundle, type Model } from '../../runtime/index.js';
import { launchChromium } from '../helpers/chromium.js';
import { root } from '../helpers/cli.js';

interface Digits {
  ready: Promise<{ adapter: string; loadMs: number }>;
  classify(images: number[][]): Promise<{ classes: number[]; probs: number[][] }>;
  fineTune(examples: { pixels: number[]; label: number }[], epochs?: number): Promise<{ loss: number[] }>;
  pixels(): number[];
}
declare const window: { digits: Digits };

const out = mkdtempSync(join(tmpdir(), 'nnc-web-'));
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let node: Model;
const pageErrors: string[] = [];

// A fixed set of digit images: every 60th row of the data set (30 images, all ten classes).
const rows = readFileSync(join(root, 'dsl-examples/data/digits.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const images = rows.filter((_, i) => i % 60 === 0).map((r) => r.slice(0, 64));

async function nodeClassify(imgs: readonly number[][]): Promise<{ classes: number[]; probs: number[][] }> {
  const { data } = await node.predict(imgs as number[][]);
  const probs = imgs.map((_, r) => Array.from(data.subarray(r * 10, r * 10 + 10)));
  return { classes: probs.map((p) => p.indexOf(Math.max(...p))), probs };
}

function expectSamePredictions(a: { classes: number[]; probs: number[][] }, b: { classes: number[]; probs: number[][] }): void {
  expect(a.classes).toEqual(b.classes);
  a.probs.forEach((row, r) => row.forEach((p, k) => expect(Math.abs(p - b.probs[r]![k]!), `image ${r}, class ${k}`).toBeLessThan(1e-4)));
}

beforeAll(async () => {
  browser = await launchChromium('the browser tests', { webgpu: true });
  const built = await buildPage(out);
  expect(built.appBytes).toBeGreaterThan(1000);
  buildModel(out, { epochs: 1 });
  server = await serve(out);
  page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(server.url);
  node = await loadBundle(readFileSync(join(out, 'digits.nnb')));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  node?.dispose();
});

describe('the digits page in headless Chromium', { timeout: 180_000 }, () => {
  it('loads the bundle on a WebGPU adapter', async () => {
    const ready = await page.evaluate(() => window.digits.ready);
    expect(ready.adapter).not.toBe('');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Model 'digits' loaded in \d+ ms on .+\. Draw a digit\.$/);
    expect(pageErrors).toEqual([]);
  });

  it('predicts what Node predicts for a fixed set of digit images', async () => {
    const inPage = await page.evaluate((imgs) => window.digits.classify(imgs), images);
    expectSamePredictions(inPage, await nodeClassify(images));
    // After one epoch the model already knows most digits.
    const right = inPage.classes.filter((c, i) => c === rows[i * 60]![64]).length;
    expect(right).toBeGreaterThanOrEqual(20);
  });

  it('classifies a digit drawn with the mouse, as Node does for the same 8x8 image', async () => {
    const box = (await page.locator('#pad').boundingBox())!;
    // A zero: an ellipse, in one stroke.
    await page.mouse.move(box.x + 128 + 60, box.y + 128);
    await page.mouse.down();
    for (let i = 1; i <= 48; i++) {
      const t = (i / 48) * 2 * Math.PI;
      await page.mouse.move(box.x + 128 + 60 * Math.cos(t), box.y + 128 + 95 * Math.sin(t));
    }
    await page.mouse.up();
    await page.waitForFunction(() => document.body.dataset['predicted'] !== undefined);
    const pixels = await page.evaluate(() => window.digits.pixels());
    expect(pixels).toHaveLength(64);
    expect(pixels.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
    expect(pixels.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    const shown = Number(await page.locator('#guess').textContent());
    expect(shown).toBe((await nodeClassify([pixels])).classes[0]);
    expect(await page.locator('#bars li').count()).toBe(10);
  });

  it('fine-tunes in the page: through the buttons, and through its API', async () => {
    // The drawing above becomes a labelled example; the buttons then train on it.
    await page.selectOption('#label', '0');
    await page.click('#add');
    await expect.poll(() => page.locator('#count').textContent()).toBe('1 example');
    await page.click('#finetune');
    await page.waitForFunction(() => document.body.dataset['tuned'] === '10', undefined, { timeout: 120_000 });
    expect(await page.locator('#status').textContent()).toMatch(/^Fine-tuned: 10 epochs in [\d.]+ s, loss [\d.]+ → [\d.]+\.$/);

    const before = await page.evaluate((imgs) => window.digits.classify(imgs), images);
    const examples = rows.slice(0, 40).map((r) => ({ pixels: r.slice(0, 64), label: r[64]! }));
    const { loss } = await page.evaluate((ex) => window.digits.fineTune(ex, 5), examples);
    expect(loss).toHaveLength(5);
    expect(loss.every(Number.isFinite)).toBe(true);
    expect(loss.at(-1)!).toBeLessThan(loss[0]!);
    const after = await page.evaluate((imgs) => window.digits.classify(imgs), images);
    expect(after.probs).not.toEqual(before.probs);
    expect(pageErrors).toEqual([]);
  });
});
