// How long parsing and checking an example takes, warm (the parser is built once per process).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFile } from '../compiler/check/check-file.js';
import { parseFile } from '../compiler/syntax/parse.js';

export interface CheckSpeed {
  readonly file: string;
  readonly parse_ms: number;
  readonly check_ms: number; // parse + check + lowering to IR
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function measureCheckSpeed(root: string, files: readonly string[], runs = 200): CheckSpeed[] {
  return files.map((f) => {
    const file = { path: f, text: readFileSync(join(root, f), 'utf8') };
    for (let i = 0; i < 20; i++) checkFile(file); // warm up
    const parse: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      parseFile(file);
      const t1 = performance.now();
      checkFile(file);
      const t2 = performance.now();
      parse.push(t1 - t0);
      check.push(t2 - t1);
    }
    return { file: f, parse_ms: median(parse), check_ms: median(check) };
  });
}
