// Property: whatever the text, checkFile either succeeds or throws a CompileError whose every
// diagnostic points inside the file; it never throws anything else, and never takes long. The
// texts are seeded mutations of the example files (dsl-examples/*.nn): token deletions,
// insertions of tokens and of meaningful fragments, token swaps, replacements of whole bracketed
// groups and of numbers by edge values, line splices between files and random bytes. A failure prints the case number and the mutated text to reproduce it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../compiler/check/check-file.js';
import { CompileError } from '../../compiler/syntax/diagnostics.js';
import { tokenize } from '../../compiler/syntax/lexer.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'dsl-examples');
const SEED = 20_251_127;
const CASES = 4000;
/** Every check is far faster; a case this slow is a hang in the making (a quadratic loop, a huge allocation). */
const SLOW_MS = 5000;

/** mulberry32: small, seeded, reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Tokens and fragments worth inserting: punctuation, keywords, names the checker knows, edge
// numbers (0, negative, fractional, beyond 2^31 and 2^32, tiny, huge), shapes, literals and calls.
const POOL = [
  '(', ')', '[', ']', '{', '}', '=', ',', ';', ':', '|>', '+', '-', '*', '/', '^', '@', '\n', '#', '"', '\\',
  'version', 'model', 'train', 'input', 'param', 'output', 'layers', 'true', 'false', 'i32', 'f32',
  'x', 'y', 'N', 'W', 'h', 'Dense', 'Dense(', 'Dense(3)', 'BatchNorm()', 'BatchNorm(momentum = 1)', 'Dropout(0.5)', 'Dropout(',
  'Activation(relu)', 'relu', 'softmax', 'softmax(x, axis = 5)', 'leaky_relu(alpha = -1)', 'sum', 'sum(x, axis = [0, 1])', 'max(x)',
  'mean(x, keepdims = true)', 'transpose(x)', 'reshape(x, [-1])', 'reshape(x, [N, -1, -1])', 'concat([x, x])', 'concat([])', 'x @ x', 'x ^ 2',
  'x |> Dense(3)', '0', '-1', '1', '12', '0.5', '2.5', '1e9', '1e-40', '1e999', '2147483648', '4294967296', '99999999999', '[N, 2]', '[2, 2]',
  '[1]', '[]', '[[]]', 'i32[N]', '[[1, 2], [3, 4]]', '[[1, 2], [3]]', '"s"', 'he_normal', 'constant(1)', 'random_uniform(1, 0)',
  'inline(', 'inline(x = 3, y = 1)', 'csv(', 'csv("a.csv", target = 0)', 'split(0.5)', 'split(1)', 'mse', 'mae', 'accuracy',
  'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'sgd()', 'adam(', 'momentum(0.9)',
  'cosine_decay(0.1, 0)', 'linear_decay(1, 0, 1)', 'epochs', 'batch', 'seed', 'lr', 'units', 'validate', 'test', 'shuffle', 'output',
  'early_stopping { monitor = val_loss }', 'early_stopping {', 'normalize = true', 'features = ["a"]', 'target = -1',
];

// Whole bracketed groups, to replace an argument list or a literal at once (semantic mutations).
const GROUPS = {
  '(': ['()', '(0)', '(-1)', '(2.5)', '(1e12)', '(x)', '(x = 3, y = 1)', '(x = [[1]], y = 2)', '(axis = 5)', '("a", target = 9)', '(relu)', '(x, x, x, x)'],
  '[': ['[]', '[[]]', '[0]', '[-1]', '[N]', '[N, -1]', '[1e12]', '[2147483648, 2]', '[[1, 2], [3]]', '["a"]', '[x, x]', '[[[1]]]'],
} as const;
const EDGE_NUMBERS = ['0', '1', '3', '0.5', '2.5', '1e-45', '1e12', '2147483647', '2147483648', '4294967296', '9007199254740993', '1e308'];

interface Token {
  readonly start: number;
  readonly end: number; // exclusive
  readonly image: string;
}

function tokensOf(text: string): Token[] {
  return tokenize(text).tokens.map((t) => ({ start: t.startOffset, end: t.endOffset! + 1, image: t.image }));
}

/** One mutation of `text`, chosen and placed by `next`. */
function mutate(text: string, next: () => number, sources: readonly string[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const tokens = tokensOf(text);
  const r = next();
  if (tokens.length === 0 || r < 0.1) {
    // Random bytes at a random place: control characters, non-ASCII, a NUL, a lone surrogate.
    const at = Math.floor(next() * (text.length + 1));
    const n = 1 + Math.floor(next() * 3);
    const bytes = Array.from({ length: n }, () => (next() < 0.1 ? '\ud800' : String.fromCharCode(Math.floor(next() * 256))));
    return text.slice(0, at) + bytes.join('') + text.slice(at + (next() < 0.5 ? 1 : 0));
  }
  const t = pick(tokens);
  if (r < 0.2) {
    // Replace a bracketed group (an argument list, a shape, a literal) or a number.
    const opens = tokens.filter((x) => x.image === '(' || x.image === '[');
    const nums = tokens.filter((x) => /^[\d.]/.test(x.image));
    if (next() < 0.5 && nums.length) {
      const n = pick(nums);
      return text.slice(0, n.start) + pick(EDGE_NUMBERS) + text.slice(n.end);
    }
    if (!opens.length) return text;
    const o = pick(opens);
    const close = o.image === '(' ? ')' : ']';
    let depth = 0;
    for (const x of tokens.slice(tokens.indexOf(o))) {
      if (x.image === o.image) depth++;
      else if (x.image === close && --depth === 0) return text.slice(0, o.start) + pick(GROUPS[o.image as '(' | '[']) + text.slice(x.end);
    }
    return text;
  }
  if (r < 0.4) return text.slice(0, t.start) + text.slice(t.end); // delete a token
  if (r < 0.58) return `${text.slice(0, t.end)} ${pick(POOL)} ${text.slice(t.end)}`; // insert
  if (r < 0.72) return text.slice(0, t.start) + pick(POOL) + text.slice(t.end); // replace
  if (r < 0.85) {
    // Swap two tokens.
    const u = pick(tokens);
    const [a, b] = t.start < u.start ? [t, u] : [u, t];
    if (a === b || a.end > b.start) return text;
    return text.slice(0, a.start) + b.image + text.slice(a.end, b.start) + a.image + text.slice(b.end);
  }
  // Splice a line of another example into a random line.
  const lines = text.split('\n');
  lines.splice(Math.floor(next() * (lines.length + 1)), 0, pick(pick(sources).split('\n')));
  return lines.join('\n');
}

function checkLocations(e: CompileError, text: string, where: string): void {
  const lines = text.split('\n');
  expect(e.diagnostics.length, where).toBeGreaterThan(0);
  for (const d of e.diagnostics) {
    const at = `${d.span.line}:${d.span.col} '${d.message}' ${where}`;
    expect(d.span.line, at).toBeGreaterThanOrEqual(1);
    expect(d.span.line, at).toBeLessThanOrEqual(lines.length);
    expect(d.span.col, at).toBeGreaterThanOrEqual(1);
    expect(d.span.col, at).toBeLessThanOrEqual(lines[d.span.line - 1]!.length + 1);
    expect(d.span.start, at).toBeGreaterThanOrEqual(0);
    expect(d.span.end, at).toBeLessThanOrEqual(text.length);
    expect(d.span.start, at).toBeLessThanOrEqual(d.span.end);
    expect(d.message, at).not.toMatch(/-->|<--|Expecting|token of type|undefined|NaN|\[object/);
  }
}

describe('fuzzing checkFile with mutated examples', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.nn')).sort();
  const sources = files.map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

  it('the examples themselves check cleanly (the mutations start from valid files)', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const [i, text] of sources.entries()) expect(() => checkFile({ path: files[i]!, text }), files[i]).not.toThrow();
  });

  it(`${CASES} seeded mutations: only CompileErrors, located inside the file`, () => {
    const next = rng(SEED);
    let rejected = 0;
    let accepted = 0;
    let slowest = 0;
    const t0 = performance.now();
    for (let k = 0; k < CASES; k++) {
      let text = sources[Math.floor(next() * sources.length)]!;
      const edits = 1 + Math.floor(next() * 4);
      for (let j = 0; j < edits; j++) text = mutate(text, next, sources);
      // Every fourth case is also lowered for training (dropout masks, BN updates, the step).
      const mode = k % 4 === 3 ? 'training' : 'inference';
      const where = `(case ${k} of seed ${SEED}, ${mode}) in:\n${text}`;
      const t = performance.now();
      try {
        checkFile({ path: 'fuzz.nn', text }, mode, { seed: 1 });
        accepted++;
      } catch (e) {
        if (!(e instanceof CompileError)) throw new Error(`checkFile threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n${where}`);
        checkLocations(e, text, where);
        rejected++;
      }
      const ms = performance.now() - t;
      slowest = Math.max(slowest, ms);
      expect(ms, `checking took ${ms.toFixed(0)} ms ${where}`).toBeLessThan(SLOW_MS);
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`fuzz: ${CASES} mutated files in ${s.toFixed(1)} s (${rejected} rejected with located errors, ${accepted} accepted; slowest ${slowest.toFixed(1)} ms)`);
    expect(rejected).toBeGreaterThan(CASES / 2);
    expect(accepted).toBeGreaterThan(0);
  });
});
