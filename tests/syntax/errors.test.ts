import { describe, expect, it } from 'vitest';
import { CompileError } from '../../compiler/syntax/diagnostics.js';
import { tokenize } from '../../compiler/syntax/lexer.js';
import { parseSource } from '../../compiler/syntax/parse.js';
import { ALL_EXAMPLES, XOR_FILE } from './examples.js';

function compileError(src: string): CompileError {
  try {
    parseSource('bad.nn', src);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return e as CompileError;
  }
  throw new Error(`expected a syntax error in:\n${src}`);
}

/** The first line of the rendered report: `file:line:col: error: message`. */
function firstLine(src: string): string {
  return compileError(src).message.split('\n')[0]!;
}

const model = (body: string) => `model m {\n  input x: [N, 2]\n${body}\n}\n`;

describe('syntax errors are located and worded for the user', () => {
  const cases: [string, string, string][] = [
    ['missing ) at the end of a line', model('  h = Dense(64'), "bad.nn:3:15: error: expected ')' to close the call of 'Dense'"],
    ['missing comma between arguments', model('  h = Dense(64 relu)'), "bad.nn:3:16: error: expected ',' or ')' in the call of 'Dense', found 'relu'"],
    ['dangling operator', model('  y = x +'), "bad.nn:3:10: error: expected an expression after '+'"],
    ['operator before a closer', model('  y = f(x * )'), "bad.nn:3:13: error: expected an expression after '*', found ')'"],
    ['input without a shape', 'model m {\n  input x\n}\n', "bad.nn:2:10: error: expected ':' and a shape after input name 'x'"],
    ['input shape without brackets', 'model m {\n  input x: N\n}\n', "bad.nn:2:12: error: expected a shape such as [N, 2], found 'N'"],
    ['unknown element type', 'model m {\n  input x: f64[N]\n}\n', "bad.nn:2:12: error: unknown element type 'f64': use f32 or i32"],
    ['fractional dimension', 'model m {\n  input x: [N, 2.5]\n}\n', "bad.nn:2:16: error: a dimension must be a whole number, found '2.5'"],
    ['negative dimension', 'model m {\n  input x: [N, -1]\n}\n', "bad.nn:2:16: error: expected a dimension (a whole number or a name), found '-'"],
    ['unclosed shape', 'model m {\n  input x: [N, 2\n  y = x\n}\n', "bad.nn:2:17: error: expected ']' to close the shape"],
    ['unterminated string', 'train m {\n  data = csv("train.csv)\n}\n', 'bad.nn:2:14: error: unterminated string'],
    ['unknown escape', 'train m {\n  data = csv("a\\tb.csv")\n}\n', "bad.nn:2:14: error: unknown escape '\\t' in a string"],
    ['stray closing brace', 'model m {}\n}\n', "bad.nn:2:1: error: unexpected '}'"],
    ['unknown top-level word', 'foo bar {}\n', "bad.nn:1:1: error: expected a model or train block, found 'foo'"],
    ['unsupported version', 'version 2\nmodel m {}\n', "bad.nn:1:9: error: 'version 2' is not supported: this compiler reads version 1"],
    ['misplaced version', 'model m {}\nversion 1\n', "bad.nn:2:1: error: 'version' must be given once, before any model or train block"],
    ['unknown character', model('  y = x $ 2'), "bad.nn:3:9: error: unexpected character '$'"],
    ['single | for the pipe', model('  y = x | relu'), "bad.nn:3:9: error: unexpected character '|'"],
    ['model without a name', 'model {\n}\n', "bad.nn:1:7: error: expected a name after 'model', found '{'"],
    ['keyword as a model name', 'model input {\n}\n', "bad.nn:1:7: error: expected a name after 'model', found 'input'"],
    ['model without {', 'model m\n  input x: [N]\n}\n', "bad.nn:1:8: error: expected '{' to open model 'm'"],
    ['model without }', 'model m {\n  input x: [N]\n', "bad.nn:2:15: error: expected '}' to close model 'm'"],
    ['let without =', model('  h Dense(3)'), "bad.nn:3:5: error: expected '=' after 'h', found 'Dense'"],
    ['two expressions on a line', model('  y = a b'), "bad.nn:3:9: error: expected a new line or ';' before 'b'"],
    ['extra )', model('  y = f(x))'), "bad.nn:3:11: error: unexpected ')'"],
    ['param without =', 'model m {\n  param W: [2, 2] [[1, 0], [0, 1]]\n}\n', "bad.nn:2:19: error: expected '=' and an initial value after the shape of param 'W'"],
    ['param option without value', 'model m {\n  param W: [2] = 0, l2\n}\n', "bad.nn:2:23: error: expected '=' and a value after option 'l2'"],
    ['output without a name', model('  output = x'), "bad.nn:3:10: error: expected a name after 'output', found '='"],
    ['output without =', model('  output y x'), "bad.nn:3:12: error: expected '=' or ':' after output name 'y', found 'x'"],
    ['statement starting with a number', model('  12'), "bad.nn:3:3: error: expected input, param, output, layers or 'name = value', found '12'"],
    ['layers block left open', model('  layers {\n    Dense(3)\n  output y = x'), "bad.nn:5:3: error: expected '}' to close 'layers', found 'output'"],
    ['pipe inside layers', model('  layers {\n    Dense(3) |> relu\n  }'), 'bad.nn:4:5: error: a layer must be a layer call such as Dense(64) or an activation such as relu'],
    ['operator as a layer', model('  layers {\n    +\n  }'), "bad.nn:4:5: error: expected a layer such as Dense(64) or relu, found '+'"],
    ['train setting without =', 'train m {\n  loss mse\n}\n', "bad.nn:2:8: error: expected '=' or '{' after 'loss', found 'mse'"],
    ['train setting that is not a name', 'train m {\n  12 = 3\n}\n', "bad.nn:2:3: error: expected a setting such as 'epochs = 10', found '12'"],
    ['unclosed list', model('  y = [1, 2\n  z = 3'), "bad.nn:3:12: error: expected ']' to close the list"],
    ['missing comma in a list', model('  y = [1 2]'), "bad.nn:3:10: error: expected ',' or ']' in the list, found '2'"],
    ['unclosed parenthesis', model('  y = (a + b'), "bad.nn:3:13: error: expected ')' to close '('"],
    ['keyword used as a value', model('  y = input'), "bad.nn:3:7: error: expected an expression after '=', found 'input'"],
    ['number too large', model('  y = 1e999'), "bad.nn:3:7: error: number '1e999' is too large"],
  ];

  it.each(cases)('%s', (_name, src, expected) => {
    expect(firstLine(src)).toBe(expected);
  });

  it('renders the source line, a caret under the place, and a hint', () => {
    expect(compileError('modle xor {\n}\n').message).toBe(
      [
        "bad.nn:1:1: error: expected a model or train block, found 'modle'",
        '  |',
        '1 | modle xor {',
        '  | ^^^^^',
        "  = hint: did you mean 'model'?",
      ].join('\n'),
    );
    expect(compileError('mdel xor {}\n').diagnostics[0]!.hint).toBe("did you mean 'model'?");
    expect(compileError(model('  layer {\n  }')).diagnostics[0]!.hint).toBe("did you mean 'layers'?");
    expect(compileError('model input {}\n').diagnostics[0]!.hint).toBe("'input' is a keyword and cannot be used as a name");
    // A missing token at the end of a line is shown just after the last token.
    expect(compileError(model('  h = Dense(64')).message.split('\n').slice(2, 4)).toEqual([
      '3 |   h = Dense(64',
      '  |               ^',
    ]);
  });

  it('reports every independent error of a file in one run', () => {
    const src = [
      'model m {',
      '  input x: [N, 2]',
      '  h = Dense(64 relu)', // 1
      '  y = h +', // 2
      '  output z = y',
      '}',
      'train m {',
      '  loss mse', // 3
      '  epochs = 3',
      '}',
      '',
    ].join('\n');
    const e = compileError(src);
    expect(e.diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`)).toEqual([
      "3:16: expected ',' or ')' in the call of 'Dense', found 'relu'",
      "4:10: expected an expression after '+'",
      "8:8: expected '=' or '{' after 'loss', found 'mse'",
    ]);
    expect(e.message.split('\n').filter((l) => l.startsWith('bad.nn:'))).toHaveLength(3);
  });

  it('reports errors in several blocks and recovers after a broken block header', () => {
    const src = 'model {\n  input x: [N]\n}\nmodel ok {\n  y = (1\n}\nfoo\ntrain ok {\n  a = 1 2\n}\n';
    const lines = compileError(src).diagnostics.map((d) => `${d.span.line}:${d.span.col}`);
    expect(lines).toEqual(['1:7', '5:9', '7:1', '9:9']);
  });

  it('reports a lexical error once, without a parse error on the same line', () => {
    const e = compileError(model('  y = "abc\n  z = (1'));
    expect(e.diagnostics.map((d) => d.message)).toEqual(['unterminated string', "expected ')' to close '('"]);
  });

  it('rejects absurdly deep nesting with a diagnostic, not a stack overflow', () => {
    const deep = `${'('.repeat(5000)}1${')'.repeat(5000)}`;
    expect(firstLine(model(`  y = ${deep}`))).toBe(
      'bad.nn:3:107: error: this expression is nested too deeply (more than 100 levels)',
    );
    expect(firstLine(model(`  y = ${'-'.repeat(100000)}1 ^ ${'2 ^ '.repeat(3000)}2`))).toMatch(/nested too deeply/);
  });
});

/** A small deterministic PRNG (mulberry32), so a failing fuzz case can be reproduced. */
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

describe('fuzzing', () => {
  it('survives 2,000 random token deletions and insertions with located CompileErrors only', () => {
    const pool = ['(', ')', '[', ']', '{', '}', '=', ',', ';', ':', '|>', '+', '-', '^', '@', '\n', 'model', 'train',
      'input', 'output', 'layers', 'param', 'version', 'x', 'Dense(', '12', '-3.5', '"s"', '"open', '$', '#', '\\'];
    const sources = Object.values(ALL_EXAMPLES);
    const next = rng(12345);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    let failures = 0;
    for (let i = 0; i < 2000; i++) {
      let text = pick(sources);
      const edits = 1 + Math.floor(next() * 3);
      for (let k = 0; k < edits; k++) {
        const tokens = tokenize(text).tokens;
        if (tokens.length === 0) break;
        const t = pick(tokens);
        const end = t.endOffset! + 1;
        text = next() < 0.5 ? text.slice(0, t.startOffset) + text.slice(end) : `${text.slice(0, end)} ${pick(pool)} ${text.slice(end)}`;
      }
      try {
        parseSource('fuzz.nn', text);
      } catch (e) {
        if (!(e instanceof CompileError)) throw new Error(`not a CompileError for:\n${text}\n${String(e)}`);
        failures++;
        const lines = text.split('\n');
        for (const d of e.diagnostics) {
          const where = `${d.span.line}:${d.span.col} in:\n${text}`;
          expect(d.span.line, where).toBeGreaterThanOrEqual(1);
          expect(d.span.line, where).toBeLessThanOrEqual(lines.length);
          expect(d.span.col, where).toBeGreaterThanOrEqual(1);
          expect(d.span.col, where).toBeLessThanOrEqual(lines[d.span.line - 1]!.length + 1);
          expect(d.message, where).not.toMatch(/-->|<--|Expecting|token of type/);
        }
      }
    }
    expect(failures).toBeGreaterThan(1000); // most mutations must be rejected
  });
});

describe('speed', () => {
  it('parses the xor example quickly once warm', () => {
    for (let i = 0; i < 50; i++) parseSource('xor.nn', XOR_FILE);
    const runs = 200;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) parseSource('xor.nn', XOR_FILE);
    const ms = (performance.now() - t0) / runs;
    console.log(`warm parse of the xor example: ${(ms * 1000).toFixed(1)} µs per run (average of ${runs})`);
  });
});
