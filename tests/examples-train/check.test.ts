// Every example model file passes `nnc check`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nnc, root } from '../helpers/cli.js';

const files = readdirSync(join(root, 'dsl-examples')).filter((f) => f.endsWith('.nn')).sort();

describe('nnc check dsl-examples/*.nn', () => {
  it('finds the examples', () => expect(files).toEqual(expect.arrayContaining(['breast_cancer.nn', 'xor.nn'])));
  for (const f of files) {
    it(f, () => {
      const r = nnc(['check', `dsl-examples/${f}`]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^dsl-examples/${f.replace('.', '\\.')}: ok: `));
    });
  }
});
