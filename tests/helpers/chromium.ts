// Headless Debian Chromium, driven by playwright-core, for the tests that render in a browser.
// Chromium missing is a failure, not a skip (.ci/run installs it).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
