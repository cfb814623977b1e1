import { describe, expect, it } from 'vitest';
import type { Expr, FileAst, ModelStmt, TrainEntry } from '../../compiler/syntax/ast.js';
import { parseSource } from '../../compiler/syntax/parse.js';
import { KITCHEN_SINK, OPTIMIZERS, XOR_BY_HAND, XOR_FILE, XOR_SEQUENTIAL, XOR_TRAIN } from './examples.js';

/** A compact, precedence-revealing rendering of an expression. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'str':
      return JSON.stringify(e.value);
    case 'bool':
      return String(e.value);
    case 'name':
      return e.name;
    case 'list':
      return `[${e.items.map(show).join(' ')}]`;
    case 'neg':
      return `(neg ${show(e.operand)})`;
    case 'binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'pipe':
      return `(|> ${show(e.left)} ${show(e.right)})`;
    case 'call':
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}=` : '') + show(a.value)).join(' ')})`;
  }
}

function modelBody(src: string): readonly ModelStmt[] {
  return parseSource('t.nn', src).models[0]!.body;
}

/** The value of `y = <src>` inside a model. */
function expr(src: string): Expr {
  const s = modelBody(`model m {\n  y = ${src}\n}\n`)[0]!;
  if (s.kind !== 'let') throw new Error('expected a let');
  return s.value;
}

function stmt<K extends ModelStmt['kind']>(s: ModelStmt | undefined, kind: K): Extract<ModelStmt, { kind: K }> {
  expect(s?.kind).toBe(kind);
  return s as Extract<ModelStmt, { kind: K }>;
}

function entry<K extends TrainEntry['kind']>(e: TrainEntry | undefined, kind: K): Extract<TrainEntry, { kind: K }> {
  expect(e?.kind).toBe(kind);
  return e as Extract<TrainEntry, { kind: K }>;
}

describe('DSL.md examples', () => {
  it('parses the sequential xor model (3.1)', () => {
    const ast = parseSource('xor.nn', XOR_SEQUENTIAL);
    expect(ast.version).toBeNull();
    expect(ast.models.map((m) => m.name.name)).toEqual(['xor']);
    const [input, layers] = ast.models[0]!.body;
    const x = stmt(input, 'input');
    expect(x.name.name).toBe('x');
    expect(x.type.dtype).toBe('f32');
    expect(x.type.dtypeWritten).toBe(false);
    expect(x.type.dims).toMatchObject([{ kind: 'sym', name: 'N' }, { kind: 'num', value: 2 }]);
    const items = stmt(layers, 'layers').items;
    expect(items.map((i) => i.name?.name)).toEqual(['hidden', 'output']);
    expect(show(items[0]!.expr)).toBe('Dense(2 activation=leaky_relu init=he_normal)');
    expect(show(items[1]!.expr)).toBe('Dense(1)');
  });

  it('parses the expression-form xor model (3.2)', () => {
    const body = parseSource('xor.nn', XOR_BY_HAND).models[0]!.body;
    expect(body.map((s) => s.kind)).toEqual(['input', 'param', 'param', 'param', 'param', 'output']);
    const W = stmt(body[1], 'param');
    expect(W.name.name).toBe('W');
    expect(W.type.dims.map((d) => (d.kind === 'num' ? d.value : d.name))).toEqual([2, 2]);
    expect(show(W.init!)).toBe('[[1 1] [1 1]]');
    expect(W.options).toEqual([]);
    expect(show(stmt(body[2], 'param').init!)).toBe('[0 -1]');
    expect(show(stmt(body[3], 'param').init!)).toBe('[[1] [-2]]');
    expect(stmt(body[4], 'param').init).toMatchObject({ kind: 'num', value: 0 });
    const y = stmt(body[5], 'output');
    expect(y.name.name).toBe('y');
    expect(y.type).toBeNull();
    expect(show(y.value)).toBe('(+ (@ relu((+ (@ x W) c)) w) b)');
  });

  it('parses the train block (5)', () => {
    const t = parseSource('xor.nn', XOR_TRAIN).trains[0]!;
    expect(t.name.name).toBe('xor');
    expect(t.entries.map((e) => e.key.name)).toEqual(['data', 'loss', 'optimizer', 'batch', 'epochs', 'seed']);
    const data = entry(t.entries[0], 'set').value;
    expect(data.kind).toBe('call');
    if (data.kind !== 'call') return;
    expect(data.callee.name).toBe('inline');
    expect(data.args.map((a) => a.name?.name)).toEqual(['x', 'y']);
    expect(show(data.args[1]!.value)).toBe('[[0] [1] [1] [0]]');
    expect(show(entry(t.entries[2], 'set').value)).toBe('adam(lr=0.05)');
    expect(entry(t.entries[4], 'set').value).toMatchObject({ kind: 'num', value: 100 });
  });

  it('parses a whole file with a version line (2)', () => {
    const ast = parseSource('xor.nn', XOR_FILE);
    expect(ast.version?.value).toBe(1);
    expect(ast.version?.span).toMatchObject({ line: 1, col: 1, endCol: 10 });
    expect(ast.models.map((m) => m.name.name)).toEqual(['xor']);
    expect(ast.trains.map((t) => t.name.name)).toEqual(['xor']);
  });

  it('parses every construct of sections 3-5', () => {
    const ast: FileAst = parseSource('all.nn', KITCHEN_SINK);
    expect(ast.models.map((m) => m.name.name)).toEqual(['mnist', 'seq']);
    expect(ast.trains.map((t) => t.name.name)).toEqual(['mnist', 'seq']);
    const body = ast.models[0]!.body;
    const labels = stmt(body[1], 'input');
    expect(labels.type).toMatchObject({ dtype: 'i32', dtypeWritten: true });
    expect(stmt(body[0], 'input').type).toMatchObject({ dtype: 'f32', dtypeWritten: true });
    const scale = stmt(body[2], 'param');
    expect(show(scale.init!)).toBe('1');
    expect(scale.options.map((o) => [o.name?.name, show(o.value)])).toEqual([['trainable', 'false']]);
    const W = stmt(body[3], 'param');
    expect(show(W.init!)).toBe('random_normal(stddev=0.05)');
    expect(W.options.map((o) => o.name?.name)).toEqual(['l2', 'l1']);
    expect(stmt(body[4], 'param').init).toBeNull();
    expect(show(stmt(body[5], 'let').value)).toBe('(|> (|> (|> x Dense(64)) BatchNorm()) relu)');
    expect(show(stmt(body[6], 'let').value)).toBe('(+ h (|> (|> h Dense(64)) relu))');
    expect(show(stmt(body[8], 'let').value)).toBe('softmax((+ (@ z W) b) axis=-1 temperature=1)');
    expect(show(stmt(body[11], 'let').value)).toBe('(* (/ reshape(transpose(t) [N 40]) 2) (^ scale 2))');
    const probs = stmt(body[12], 'output');
    expect(probs.type?.dims.map((d) => (d.kind === 'num' ? d.value : d.name))).toEqual(['N', 10]);
    const seq = stmt(ast.models[1]!.body[1], 'layers').items;
    expect(seq.map((i) => show(i.expr))).toEqual([
      'Dense(16 activation=relu init=glorot_uniform bias_init=zeros use_bias=true l1=0 l2=0)',
      'BatchNorm(center=true scale=true)',
      'Dropout(0.1)',
      'Activation(tanh)',
      'leaky_relu(alpha=0.1)',
      'relu',
      'Dense(1 activation=sigmoid)',
    ]);
    expect(seq.every((i) => i.name === null)).toBe(true);
    const train = ast.trains[0]!.entries;
    expect(train.map((e) => e.key.name)).toEqual([
      'data', 'validate', 'test', 'loss', 'metrics', 'optimizer', 'batch', 'epochs', 'seed', 'shuffle',
      'early_stopping', 'early_stopping',
    ]);
    expect(show(entry(train[0], 'set').value)).toBe('csv("data/train.csv" target="label" features=["a" "b"])');
    expect(show(entry(train[4], 'set').value)).toBe('[accuracy mae mse]');
    const es = entry(train[10], 'block');
    expect(es.entries.map((e) => [e.key.name, show(entry(e, 'set').value)])).toEqual([
      ['monitor', 'val_loss'],
      ['patience', '3'],
    ]);
    expect(entry(train[11], 'block').entries.map((e) => e.key.name)).toEqual(['min_delta', 'restore_best']);
  });

  it('parses every optimizer and schedule call', () => {
    const t = parseSource('o.nn', OPTIMIZERS).trains[0]!;
    expect(t.entries).toHaveLength(8);
    expect(show(entry(t.entries[5], 'set').value)).toBe('adamw(lr=exponential_decay(0.1 0.96 100) weight_decay=0.004)');
  });
});

describe('expressions', () => {
  it('binds operators loosest to tightest: |>, + -, * / @, unary -, ^', () => {
    expect(show(expr('a |> f'))).toBe('(|> a f)');
    expect(show(expr('a |> f |> g(1)'))).toBe('(|> (|> a f) g(1))');
    expect(show(expr('x @ W + c'))).toBe('(+ (@ x W) c)');
    expect(show(expr('c + x @ W'))).toBe('(+ c (@ x W))');
    expect(show(expr('a + b |> f'))).toBe('(|> (+ a b) f)');
    expect(show(expr('-x^2'))).toBe('(neg (^ x 2))');
    expect(show(expr('a - b - c'))).toBe('(- (- a b) c)');
    expect(show(expr('a / b * c @ d'))).toBe('(@ (* (/ a b) c) d)');
    expect(show(expr('2 ^ 3 ^ 2'))).toBe('(^ 2 (^ 3 2))');
    expect(show(expr('x ^ -1'))).toBe('(^ x -1)');
    expect(show(expr('a * -b'))).toBe('(* a (neg b))');
    expect(show(expr('(a + b) * c'))).toBe('(* (+ a b) c)');
    expect(show(expr('--x'))).toBe('(neg (neg x))');
  });

  it('folds a minus on a number literal into the literal, with the span covering the minus', () => {
    const n = expr('-2.5');
    expect(n).toMatchObject({ kind: 'num', value: -2.5, span: { line: 2, col: 7, endCol: 11 } });
    expect(expr('-2^2').kind).toBe('neg');
  });

  it('reads the literal forms', () => {
    expect(expr('12')).toMatchObject({ kind: 'num', value: 12 });
    expect(expr('0.05')).toMatchObject({ kind: 'num', value: 0.05 });
    expect(expr('1e-3')).toMatchObject({ kind: 'num', value: 0.001 });
    expect(expr('2E+2')).toMatchObject({ kind: 'num', value: 200 });
    expect(expr('"a\\"b\\\\c"')).toMatchObject({ kind: 'str', value: 'a"b\\c' });
    expect(expr('true')).toMatchObject({ kind: 'bool', value: true });
    expect(expr('false')).toMatchObject({ kind: 'bool', value: false });
    expect(show(expr('[]'))).toBe('[]');
  });

  it('accepts keywords as argument keys and layer names', () => {
    expect(show(expr('inline(input = [[0, 1]], y = [[1]])'))).toBe('inline(input=[[0 1]] y=[[1]])');
    expect(show(expr('f(model = 1, train = 2, output = 3, layers = 4, param = 5, version = 6, true = 7)'))).toBe(
      'f(model=1 train=2 output=3 layers=4 param=5 version=6 true=7)',
    );
    const items = stmt(modelBody('model m {\n  layers {\n    input = Dense(2)\n    output = Dense(1)\n  }\n}\n')[0], 'layers').items;
    expect(items.map((i) => i.name?.name)).toEqual(['input', 'output']);
  });

  it('lexes words that start with a keyword as identifiers', () => {
    const body = modelBody('model models {\n  inputs = 1\n  output_layer = inputs\n  trainable = true\n}\n');
    expect(body.map((s) => (s.kind === 'let' ? s.name.name : s.kind))).toEqual(['inputs', 'output_layer', 'trainable']);
  });

  it('allows trailing commas in argument lists, lists and shapes', () => {
    expect(show(expr('Dense(64, activation = relu,)'))).toBe('Dense(64 activation=relu)');
    expect(show(expr('[1, 2,]'))).toBe('[1 2]');
    const x = stmt(modelBody('model m {\n  input x: [N, 2,]\n}\n')[0], 'input');
    expect(x.type.dims).toHaveLength(2);
  });

  it('ignores newlines inside ( ) and [ ]', () => {
    const e = expr('Dense(\n    64,\n    activation = relu\n  ) |> f([\n    1,\n    2\n  ])');
    expect(show(e)).toBe('(|> Dense(64 activation=relu) f([1 2]))');
  });
});

describe('statements and layout', () => {
  it('separates statements with ; and accepts blank lines and repeated separators', () => {
    const ast = parseSource('t.nn', '\n\nmodel m { input x: [N]; ; output y = x }\n\n;\ntrain m { a = 1;; b = 2 }');
    expect(ast.models[0]!.body.map((s) => s.kind)).toEqual(['input', 'output']);
    expect(ast.trains[0]!.entries.map((e) => e.key.name)).toEqual(['a', 'b']);
  });

  it('skips # and // comments, but not the / operator', () => {
    const body = modelBody('# head\nmodel m { // open\n  y = a / b # divide\n  // whole line\n  z = 1 // one\n}\n');
    expect(body.map((s) => (s.kind === 'let' ? show(s.value) : s.kind))).toEqual(['(/ a b)', '1']);
  });

  it('lets a block open on the next line', () => {
    const ast = parseSource('t.nn', 'model m\n{\n  layers\n  {\n    relu\n  }\n}\ntrain m\n{\n  es\n  {\n    a = 1\n  }\n}\n');
    expect(stmt(ast.models[0]!.body[0], 'layers').items).toHaveLength(1);
    expect(entry(ast.trains[0]!.entries[0], 'block').entries).toHaveLength(1);
  });

  it('parses an output with a declared type and a let', () => {
    const [a, b] = modelBody('model m {\n  h = x\n  output y: i32[N, 1] = h\n}\n');
    expect(stmt(a, 'let').name.name).toBe('h');
    const y = stmt(b, 'output');
    expect(y.type).toMatchObject({ dtype: 'i32', dtypeWritten: true });
  });

  it('reads CRLF line ends, a byte-order mark and tabs', () => {
    const ast = parseSource('t.nn', '\ufeffmodel m {\r\n\tinput x: [N, 2]\r\n\ty = x\r\n}\r\n');
    expect(ast.models[0]!.body.map((s) => s.kind)).toEqual(['input', 'let']);
    expect(ast.models[0]!.body[1]!.span).toMatchObject({ line: 3, col: 2, endLine: 3, endCol: 7 });
  });

  it('accepts the block keywords as keys inside blocks', () => {
    const ast = parseSource('t.nn', 'model m {\n  layers {\n    model = Dense(1)\n  }\n}\ntrain m {\n  train = 1\n}\n');
    expect(stmt(ast.models[0]!.body[0], 'layers').items[0]!.name?.name).toBe('model');
    expect(ast.trains[0]!.entries[0]!.key.name).toBe('train');
  });

  it('accepts an empty file and empty blocks', () => {
    expect(parseSource('e.nn', '')).toEqual({ version: null, models: [], trains: [] });
    expect(parseSource('e.nn', '# nothing\n\n').models).toEqual([]);
    expect(parseSource('e.nn', 'model m {}\ntrain m {}').models[0]!.body).toEqual([]);
  });
});

describe('spans', () => {
  const ast = parseSource('xor.nn', XOR_BY_HAND);
  const body = ast.models[0]!.body;

  it('locates declarations and names', () => {
    const m = ast.models[0]!;
    expect(m.name.span).toMatchObject({ start: 6, end: 17, line: 1, col: 7, endLine: 1, endCol: 18 });
    expect(m.span).toMatchObject({ line: 1, col: 1, endLine: 8, endCol: 2 });
    const W = stmt(body[1], 'param');
    expect(W.span).toMatchObject({ line: 3, col: 3, endLine: 3, endCol: 37 });
    expect(W.type.span).toMatchObject({ line: 3, col: 12, endCol: 18 });
    expect(W.type.dims[1]!.span).toMatchObject({ line: 3, col: 16, endCol: 17 });
  });

  it('locates expressions, with offsets that slice the source', () => {
    const y = stmt(body[5], 'output');
    expect(y.value.span).toMatchObject({ line: 7, col: 14, endLine: 7, endCol: 37 });
    expect(XOR_BY_HAND.slice(y.value.span.start, y.value.span.end)).toBe('relu(x @ W + c) @ w + b');
    const relu = y.value.kind === 'binary' && y.value.left.kind === 'binary' ? y.value.left.left : null;
    expect(relu?.kind).toBe('call');
    expect(XOR_BY_HAND.slice(relu!.span.start, relu!.span.end)).toBe('relu(x @ W + c)');
    if (relu?.kind === 'call') {
      expect(relu.callee.span).toMatchObject({ line: 7, col: 14, endCol: 18 });
      expect(XOR_BY_HAND.slice(relu.args[0]!.span.start, relu.args[0]!.span.end)).toBe('x @ W + c');
    }
  });

  it('spans a multi-line call across lines', () => {
    const e = expr('f(\n    1,\n    2\n  )');
    expect(e.span).toMatchObject({ line: 2, col: 7, endLine: 5, endCol: 4 });
  });
});
