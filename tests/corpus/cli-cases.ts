// CLI cases of the bad-input corpus: files, flags, data sets, weights and checkpoints, run through
// the real `nnc` binary in a directory holding a copy of fixtures/ plus the case's own files. Each
// must exit with `code` and print `first` as the first line of stderr (after Dawn's start-up
// warnings), with no stack trace; `keep` files are pre-created with known bytes and must be left
// unchanged, `absent` files must not appear.
import { writeSafetensors } from '../../runtime/safetensors.js';

export type FileSpec = string | Uint8Array;

export interface CliCase {
  readonly name: string;
  readonly args: readonly string[];
  /** Extra files of the case (relative paths; directories are created). */
  readonly files?: Readonly<Record<string, FileSpec>>;
  /** Prepared directories (by name, see `prepared` in corpus.test.ts) copied to the given path. */
  readonly copy?: Readonly<Record<string, string>>;
  /** Output files that exist before the run with these bytes and must still hold them after. */
  readonly keep?: Readonly<Record<string, string>>;
  /** Paths that must not exist after the run. */
  readonly absent?: readonly string[];
  readonly code: number;
  /** The first line of the message (stderr, or stdout with `stdout: true`). */
  readonly first: string;
  /** A further line the message must hold (trimmed), e.g. the detail under a first line. */
  readonly also?: string;
  readonly stdout?: boolean;
  /** Environment variables for the run. */
  readonly env?: Readonly<Record<string, string>>;
}

// ---- weights files for reg.nn (dense.kernel [2, 1], dense.bias [1]) -------------------------------

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);
const st = (tensors: Record<string, { shape: number[]; data: Float32Array | Int32Array }>): Uint8Array =>
  writeSafetensors(Object.entries(tensors), { format: 'nnc' });
const good = st({ 'dense.kernel': { shape: [2, 1], data: f32(1, 2) }, 'dense.bias': { shape: [1], data: f32(0.5) } });

/** A safetensors file with a hand-written header (for damaged headers). */
function rawSafetensors(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** A train block around the classifier of fixtures/clf.nn reading `csv` (other settings as given). */
function clf(data: string, extra = ''): string {
  return `model clf {
  input x: [N, 3]
  layers {
    Dense(4, activation = relu)
    Dense(3, activation = softmax)
  }
}
train clf {
  data      = ${data}
  loss      = sparse_categorical_crossentropy
  optimizer = adam(lr = 0.01)
  batch     = 4
  epochs    = 1
${extra}}
`;
}
const csv = (file: string, args = 'target = "label"'): string => clf(`csv("data/${file}", ${args})`);

const train = (file: string, ...more: string[]): string[] => ['train', file, '--backend', 'cpu', '--quiet', ...more];

export const cliCases: readonly CliCase[] = [
  // ---- command line misuse ----
  { name: 'unknown command', args: ['trian', 'clf.nn'], code: 1, first: "nnc: error: unknown command 'trian'; the commands are check, summary, init, predict, train, grad, compile, graph" },
  { name: 'no command prints the usage', args: [], code: 2, first: "usage: nnc COMMAND [options]", stdout: true },
  { name: 'unknown option of check', args: ['check', 'clf.nn', '--verbose'], code: 1, first: "nnc: error: 'nnc check' has no option '--verbose'; see 'nnc check --help'" },
  { name: 'misspelled option with a suggestion', args: ['train', 'clf.nn', '--epoch', '3'], code: 1, first: "nnc: error: 'nnc train' has no option '--epoch' (did you mean '--epochs'?); see 'nnc train --help'" },
  { name: 'option without its value', args: ['train', 'clf.nn', '--epochs'], code: 1, first: "nnc: error: option '--epochs' needs a value" },
  { name: 'whole-number option given text', args: ['train', 'clf.nn', '--epochs', 'many'], code: 1, first: "nnc: error: option '--epochs' needs a whole number, not 'many'" },
  { name: 'epochs zero', args: ['train', 'clf.nn', '--epochs', '0', '--backend', 'cpu'], code: 1, first: "nnc: error: --epochs must be at least 1" },
  { name: 'negative epochs', args: ['train', 'clf.nn', '--epochs=-2', '--backend', 'cpu'], code: 1, first: "nnc: error: --epochs must be at least 1" },
  { name: 'bad --backend', args: ['predict', 'reg.nn', '--input', 'data/predict_ok.csv', '--backend', 'gpu'], code: 1, first: "nnc: error: option '--backend' must be one of webgpu, cpu, not 'gpu'" },
  { name: '--backend without a value', args: ['train', 'clf.nn', '--backend'], code: 1, first: "nnc: error: option '--backend' needs a value" },
  { name: 'check without a file', args: ['check'], code: 1, first: "nnc: error: which model file? give the path of a .nn file" },
  { name: 'check of a missing file', args: ['check', 'nothere.nn'], code: 1, first: "nnc: error: cannot read model file 'nothere.nn': no such file" },
  { name: 'check of a directory', args: ['check', 'data'], code: 1, first: "nnc: error: cannot read model file 'data': it is a directory" },
  { name: 'summary of an unknown model', args: ['summary', 'clf.nn', '--model', 'clff'], code: 1, first: "nnc: error: clf.nn: no model named 'clff'; it declares 'clf' (did you mean 'clf'?)" },
  { name: 'init without -o', args: ['init', 'reg.nn'], code: 1, first: "nnc: error: where to? give the output file with -o W.safetensors" },
  { name: 'init -o into a missing directory', args: ['init', 'reg.nn', '-o', 'nodir/w.safetensors'], code: 1, first: "nnc: error: cannot write 'nodir/w.safetensors': ENOENT", absent: ['nodir'] },
  { name: 'predict without --input', args: ['predict', 'reg.nn'], code: 1, first: "nnc: error: which inputs? give a CSV file with --input IN.csv" },
  { name: 'predict of a two-input model', args: ['predict', 'two_inputs.nn', '--input', 'data/predict_ok.csv', '--backend', 'cpu'], code: 1, first: "nnc: error: model 'pair' has 2 inputs; 'nnc predict' feeds one input from a CSV file" },
  { name: 'train a model without a train block', args: train('no_train.nn'), code: 1, first: "nnc: error: no_train.nn: no model has a train block; add one, as in 'train plain { data = ..., loss = ..., optimizer = ... }'" },
  { name: 'train --model without a train block', args: train('multi.nn', '--model', 'plain'), code: 1, first: "nnc: error: multi.nn: model 'plain' has no train block; add 'train plain { ... }'" },
  { name: 'train --model unknown', args: train('clf.nn', '--model', 'cfl'), code: 1, first: "nnc: error: clf.nn: no model named 'cfl'; it declares 'clf'" },
  { name: 'train a two-input model', args: train('two_inputs.nn'), code: 1, first: "nnc: error: model 'pair' has 2 inputs; training feeds one input" },
  { name: 'grad of a file without train block', args: ['grad', 'no_train.nn'], code: 1, first: "nnc: error: no_train.nn: no model has a train block; the loss to differentiate comes from it" },
  // ---- located compile errors through the CLI ----
  { name: 'check: syntax error', args: ['check', 'syntax_error.nn'], code: 1, first: "syntax_error.nn:3:14: error: expected ')' to close the call of 'Dense'" },
  { name: 'train: check error does not touch --save', args: train('check_error.nn', '--save', 'w.safetensors'), keep: { 'w.safetensors': 'old weights' }, code: 1, first: "check_error.nn:4:27: error: unknown activation 'rellu'" },
  // ---- data files ----
  { name: 'data: missing file', args: train('d.nn'), files: { 'd.nn': csv('missing.csv') }, code: 1, first: "nnc: error: cannot read data file 'data/missing.csv': no such file" },
  { name: 'data: a directory', args: train('d.nn'), files: { 'd.nn': clf('csv("data", target = "label")') }, code: 1, first: "nnc: error: cannot read data file 'data': it is a directory" },
  { name: 'data: empty file', args: train('d.nn'), files: { 'd.nn': csv('empty.csv') }, code: 1, first: "nnc: error: data/empty.csv: the file is empty; expected a header row and data rows" },
  { name: 'data: header only', args: train('d.nn'), files: { 'd.nn': csv('header_only.csv') }, code: 1, first: "nnc: error: data/header_only.csv: no data rows after the header" },
  { name: 'data: ragged row', args: train('d.nn'), files: { 'd.nn': csv('ragged.csv') }, code: 1, first: "nnc: error: data/ragged.csv:3: row has 3 values but the header has 4 columns" },
  { name: 'data: non-numeric cell', args: train('d.nn'), files: { 'd.nn': csv('non_numeric.csv') }, code: 1, first: "nnc: error: data/non_numeric.csv:3: column 'b' holds 'abc', which is not a number" },
  { name: 'data: empty cell', args: train('d.nn'), files: { 'd.nn': csv('empty_cell.csv') }, code: 1, first: "nnc: error: data/empty_cell.csv:3: column 'b' holds '', which is not a number" },
  { name: 'data: infinite value', args: train('d.nn'), files: { 'd.nn': csv('infinite.csv') }, code: 1, first: "nnc: error: data/infinite.csv:3: column 'b' holds 'inf', which is not a number" },
  { name: 'data: unterminated quote', args: train('d.nn'), files: { 'd.nn': csv('open_quote.csv') }, code: 1, first: "nnc: error: data/open_quote.csv:3: row has 1 value but the header has 4 columns (a quote opened on this row is never closed)" },
  { name: 'data: missing target column', args: train('d.nn'), files: { 'd.nn': csv('no_label.csv') }, code: 1, first: "nnc: error: data/no_label.csv: no column 'label'; the columns are a, b, c, class" },
  { name: 'data: target column index out of range', args: train('d.nn'), files: { 'd.nn': csv('train.csv', 'target = 7') }, code: 1, first: "nnc: error: data/train.csv: no column number 7; the columns are a, b, c, label" },
  { name: 'data: missing feature column', args: train('d.nn'), files: { 'd.nn': csv('train.csv', 'target = "label", features = ["a", "b", "z"]') }, code: 1, first: "nnc: error: data/train.csv: no column 'z'; the columns are a, b, c, label" },
  { name: 'data: too few feature columns', args: train('d.nn'), files: { 'd.nn': csv('two_features.csv') }, code: 1, first: "nnc: error: data/two_features.csv: 2 feature columns but input 'x' takes 3 per row" },
  { name: 'data: too many feature columns', args: train('d.nn'), files: { 'd.nn': csv('four_features.csv') }, code: 1, first: "nnc: error: data/four_features.csv: 4 feature columns but input 'x' takes 3 per row" },
  { name: 'data: ambiguous column name', args: train('d.nn'), files: { 'd.nn': csv('duplicate_header.csv', 'target = "a"') }, code: 1, first: "nnc: error: data/duplicate_header.csv: the header names column 'a' more than once (columns 1 and 3); rename one" },
  { name: 'data: label out of range', args: train('d.nn'), files: { 'd.nn': csv('label_high.csv') }, code: 1, first: "nnc: error: data/label_high.csv: row 2: label 3 is not a class index from 0 to 2" },
  { name: 'data: negative label', args: train('d.nn'), files: { 'd.nn': csv('label_negative.csv') }, code: 1, first: "nnc: error: data/label_negative.csv: row 1: label -1 is not a class index from 0 to 2" },
  { name: 'data: fractional label', args: train('d.nn'), files: { 'd.nn': csv('label_fraction.csv') }, code: 1, first: "nnc: error: data/label_fraction.csv: row 2: label 1.5 is not a class index from 0 to 2" },
  {
    name: 'data: one-hot label out of range',
    args: train('d.nn'),
    files: { 'd.nn': csv('label_high.csv').replace('sparse_categorical_crossentropy', 'categorical_crossentropy') },
    code: 1,
    first: "nnc: error: data/label_high.csv: row 2: label 3 is not a class index from 0 to 2",
  },
  {
    name: 'data: target width does not match the output',
    args: train('d.nn'),
    files: { 'd.nn': csv('train.csv').replace('sparse_categorical_crossentropy', 'mse') },
    code: 1,
    first: "nnc: error: data/train.csv: each row has 1 target value but output 'dense_1' has 3 per row",
  },
  {
    name: 'data: inline labels out of range',
    args: train('d.nn'),
    files: { 'd.nn': clf('inline(x = [[0, 0, 0], [1, 1, 1]], y = [[0], [5]])') },
    code: 1,
    first: "nnc: error: d.nn:9: row 2: label 5 is not a class index from 0 to 2",
  },
  { name: 'data: validation file missing', args: train('d.nn'), files: { 'd.nn': clf('csv("data/train.csv", target = "label")', '  validate = csv("data/val.csv", target = "label")\n') }, code: 1, first: "nnc: error: cannot read data file 'data/val.csv': no such file" },
  { name: 'data: test file ragged', args: train('d.nn'), files: { 'd.nn': clf('csv("data/train.csv", target = "label")', '  test = csv("data/ragged.csv", target = "label")\n') }, code: 1, first: "nnc: error: data/ragged.csv:3: row has 3 values but the header has 4 columns" },
  { name: 'data: split leaves nothing to train on', args: train('d.nn'), files: { 'd.nn': clf('csv("data/two_rows.csv", target = "label")', '  validate = split(0.9)\n') }, code: 1, first: "nnc: error: d.nn:14:14: validate = split(0.9) of 2 rows leaves no rows to train on; use a smaller fraction or more data" },
  { name: 'data: bad CSV does not touch --save and --history', args: train('d.nn', '--save', 'w.safetensors', '--history', 'h.json'), files: { 'd.nn': csv('ragged.csv') }, keep: { 'w.safetensors': 'old weights', 'h.json': '{"old": true}' }, code: 1, first: "nnc: error: data/ragged.csv:3: row has 3 values but the header has 4 columns" },
  // ---- predict inputs ----
  { name: 'predict: input file missing', args: ['predict', 'reg.nn', '--input', 'data/nothere.csv', '--backend', 'cpu'], code: 1, first: "nnc: error: cannot read input file 'data/nothere.csv': no such file" },
  { name: 'predict: input with a ragged row', args: ['predict', 'reg.nn', '--input', 'data/predict_ragged.csv', '--backend', 'cpu'], code: 1, first: "nnc: error: data/predict_ragged.csv:3: row has 1 value but the header has 2 columns" },
  { name: 'predict: input with too many columns', args: ['predict', 'reg.nn', '--input', 'data/predict_three.csv', '--backend', 'cpu'], code: 1, first: "nnc: error: data/predict_three.csv: has 3 columns but input 'x' takes 2 features per row" },
  { name: 'predict: input with text', args: ['predict', 'reg.nn', '--input', 'data/predict_text.csv', '--backend', 'cpu'], code: 1, first: "nnc: error: data/predict_text.csv:2: column 'b' holds 'x', which is not a number" },
  // ---- weights files ----
  ...weightsCases(),
  // ---- checkpoints ----
  { name: 'resume: no such directory', args: train('reg.nn', '--resume', 'ck'), code: 1, first: "nnc: error: cannot resume from 'ck': no checkpoint in 'ck': no such directory" },
  { name: 'resume: directory without a checkpoint', args: train('reg.nn', '--resume', 'data'), code: 1, first: "nnc: error: cannot resume from 'data': no checkpoint in 'data': it holds no checkpoint.json (no epoch was completed)" },
  { name: 'resume: together with --weights', args: train('reg.nn', '--resume', 'ck', '--weights', 'w.safetensors'), files: { 'w.safetensors': good }, copy: { ck: 'ck' }, code: 1, first: "nnc: error: --resume continues a checkpoint, which holds the weights: drop --weights" },
  { name: 'resume: pointer is not JSON', args: train('reg.nn', '--resume', 'ck'), copy: { ck: 'ck' }, files: { 'ck/checkpoint.json': '{"format": "nnc-check' }, code: 1, first: "nnc: error: cannot resume from 'ck': 'ck/checkpoint.json' is not valid JSON" },
  { name: 'resume: damaged state file', args: train('reg.nn', '--resume', 'ck', '--save', 'w.safetensors'), copy: { ck: 'ck-damaged' }, keep: { 'w.safetensors': 'old weights' }, code: 1, first: "nnc: error: cannot resume from 'ck': checkpoint file 'ck/epoch-000003/state.safetensors' is damaged: its size or SHA-256 differs from checkpoint.json's" },
  { name: 'resume: state file removed', args: train('reg.nn', '--resume', 'ck'), copy: { ck: 'ck-missing-state' }, code: 1, first: "nnc: error: cannot resume from 'ck': checkpoint file 'ck/epoch-000003/state.safetensors' cannot be read: ENOENT" },
  { name: 'resume: another seed', args: train('reg.nn', '--resume', 'ck', '--seed', '9'), copy: { ck: 'ck' }, code: 1, first: "nnc: error: cannot resume from 'ck' (epoch 3): it was made with seed 5, this run has seed 9" },
  { name: 'resume: checkpoint of another model', args: train('clf.nn', '--resume', 'ck'), copy: { ck: 'ck' }, code: 1, first: "nnc: error: cannot resume from 'ck' (epoch 3): it is of model 'reg', not 'clf'; it was made with batch = 2, this run has batch = 4; it was made with 4 training rows, the data now gives 12; it has completed 3 epochs, more than the 2 asked for" },
  { name: 'resume: fewer epochs than done', args: train('reg.nn', '--resume', 'ck', '--epochs', '1'), copy: { ck: 'ck' }, code: 1, first: "nnc: error: cannot resume from 'ck' (epoch 3): it has completed 3 epochs, more than the 1 asked for" },
  { name: 'checkpoint: directory already holds one', args: train('reg.nn', '--checkpoint', 'ck'), copy: { ck: 'ck' }, code: 1, first: "nnc: error: 'ck' already holds a checkpoint; continue it with --resume ck, or choose another directory" },
  { name: 'checkpoint: path is a file', args: train('reg.nn', '--checkpoint', 'reg.nn'), code: 1, first: "nnc: error: --checkpoint 'reg.nn' is a file, not a directory" },
  // ---- numerical faults ----
  {
    name: 'NaN: diverging training stops and never overwrites saved weights',
    args: train('diverge.nn', '--save', 'w.safetensors', '--history', 'h.json', '--checkpoint', 'ck'),
    keep: { 'w.safetensors': 'old weights', 'h.json': '{"old": true}' },
    absent: ['ck/checkpoint.json'],
    code: 1,
    first: "nnc: error: training diverged: the loss or the weights became NaN or Inf in epoch 1, between steps 1 and 4 of 4 (the check runs at progress updates and at the end of each epoch); nothing was saved; no epoch was completed, so 'ck' holds no checkpoint: lower the learning rate and start again",
  },
];

function weightsCases(): CliCase[] {
  const predict = (w: string): string[] => ['predict', 'reg.nn', '--input', 'data/predict_ok.csv', '--backend', 'cpu', '--weights', w];
  const bad = (why: string): string => `nnc: error: w.safetensors: not a valid safetensors file: ${why}`;
  const misfit = "nnc: error: w.safetensors: does not fit model 'reg':";
  const header = (len: number): Uint8Array => {
    const b = good.slice();
    new DataView(b.buffer).setUint32(0, len, true);
    return b;
  };
  const cases: [string, FileSpec, string, string?][] = [
    ['weights: truncated file', good.subarray(0, good.length - 3), bad("tensor 'dense.kernel': data_offsets [4, 12] lie outside the 9-byte data section")],
    ['weights: empty file', new Uint8Array(0), bad('file is truncated: 0 bytes, less than the 8-byte header length')],
    ['weights: a CSV file', 'a,b\n1,2\n', bad('header length 734698278354037900 goes beyond the end of the 8-byte file')],
    ['weights: header is not JSON', rawSafetensors('{"dense.kernel": ['), bad('header is not valid UTF-8 JSON (Unexpected end of JSON input)')],
    ['weights: header length past the end', header(1 << 30), bad('header length 1073741824 goes beyond the end of the 188-byte file')],
    ['weights: unknown dtype', rawSafetensors('{"dense.kernel":{"dtype":"Q8","shape":[2,1],"data_offsets":[0,2]}}', new Uint8Array(2)), bad("tensor 'dense.kernel': unsupported dtype 'Q8' (supported: F32, I32, F64, F16, BF16, I64)")],
    [
      'weights: offsets past the data',
      rawSafetensors('{"dense.kernel":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},"dense.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}', new Uint8Array(8)),
      bad("tensor 'dense.bias': data_offsets [8, 12] lie outside the 8-byte data section"),
    ],
    ['weights: missing tensor', st({ 'dense.kernel': { shape: [2, 1], data: f32(1, 2) } }), misfit, "missing tensor 'dense.bias' (shape [1])"],
    [
      'weights: extra tensor',
      st({ 'dense.kernel': { shape: [2, 1], data: f32(1, 2) }, 'dense.bias': { shape: [1], data: f32(0) }, 'dense.gamma': { shape: [1], data: f32(1) } }),
      misfit,
      "tensor 'dense.gamma' is not a parameter of model 'reg'",
    ],
    ['weights: wrong shape', st({ 'dense.kernel': { shape: [1, 2], data: f32(1, 2) }, 'dense.bias': { shape: [1], data: f32(0) } }), misfit, "tensor 'dense.kernel' has shape [1, 2] but model 'reg' declares [2, 1]"],
    ['weights: wrong dtype', st({ 'dense.kernel': { shape: [2, 1], data: Int32Array.from([1, 2]) }, 'dense.bias': { shape: [1], data: f32(0) } }), misfit, "tensor 'dense.kernel' is I32; nnc weights are F32"],
    ['weights: every tensor wrong', st({ kernel: { shape: [2, 1], data: f32(1, 2) } }), misfit, "tensor 'kernel' is not a parameter of model 'reg'"],
  ];
  const out: CliCase[] = cases.map(([name, bytes, first, also]) => ({ name, args: predict('w.safetensors'), files: { 'w.safetensors': bytes }, code: 1, first, ...(also ? { also } : {}) }));
  out.push(
    { name: 'weights: missing file', args: predict('nothere.safetensors'), code: 1, first: "nnc: error: cannot read weights file 'nothere.safetensors': no such file" },
    { name: 'weights: a directory', args: predict('data'), code: 1, first: "nnc: error: cannot read weights file 'data': it is a directory" },
    {
      name: 'weights: train --weights with a wrong shape keeps --save',
      args: train('reg.nn', '--weights', 'w.safetensors', '--save', 'out.safetensors'),
      files: { 'w.safetensors': cases.find(([n]) => n === 'weights: wrong shape')![1] },
      keep: { 'out.safetensors': 'old weights' },
      code: 1,
      first: misfit,
      also: "tensor 'dense.kernel' has shape [1, 2] but model 'reg' declares [2, 1]",
    },
  );
  return out;
}
