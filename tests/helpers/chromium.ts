// Headless Debian Chromium, driven by playwright-core, for the tests that render in a browser.
// Chromium missing is a failure, not a skip (.ci/run installs it).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
/** Quiet start-up: no background traffic, no first-run page; no sandbox when running as root. */
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];

/**
 * `webgpu`: SwiftShader's WebGPU adapter, for pages that run compute (QUIC off, as the page is
 * served over plain HTTP); otherwise no GPU at all, for pages that only draw. `what` names the
 * suite in the error when Chromium is missing.
 */
export async function launchChromium(what: string, opts: { webgpu?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${what} need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  const args = opts.webgpu ? ['--enable-unsafe-webgpu', '--disable-quic', ...QUIET] : ['--disable-gpu', ...QUIET];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/**
 * Draws the image at `src` (a data URL: PNG, or SVG, which fails to decode when it is not valid)
 * on a canvas in `page` and counts its pixels within `tolerance` (sum of channel differences) of
 * each colour, plus `all` and `nonWhite` (any channel below 245).
 */
export async function countColours(page: Page, src: string, colours: Record<string, readonly [number, number, number]>, tolerance: number): Promise<Record<string, number>> {
  return page.evaluate(
    async ({ src, colours, tolerance }) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts: Record<string, number> = { all: canvas.width * canvas.height, nonWhite: 0 };
      for (const k of Object.keys(colours)) counts[k] = 0;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
        if (r < 245 || g < 245 || b < 245) counts['nonWhite']!++;
        for (const [k, [cr, cg, cb]] of Object.entries(colours)) if (Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) <= tolerance) counts[k]!++;
      }
      return counts;
    },
    { src, colours, tolerance },
  );
}
