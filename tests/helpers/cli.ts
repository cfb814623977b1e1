// Runs the built `nnc` binary (npm test builds dist/ first) as a user would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'nnc.js'); // the bundled CLI that package.json's bin names

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function nnc(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** stderr without Dawn's start-up warnings, which Dawn prints natively. */
export function userStderr(s: string): string {
  return s
    .split('\n')
    .filter((l) => !/^Warning: maxDynamic\w+ artificially reduced/.test(l))
    .join('\n');
}
