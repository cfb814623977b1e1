// Semantic mistakes (names, arity, argument types, shapes, literals, train blocks): each gives one
// located error with the exact text users see; several mistakes in one file are all reported.
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../compiler/check/check-file.js';
import { CompileError, renderDiagnostic } from '../../compiler/syntax/diagnostics.js';

interface Case { readonly name: string; readonly text: string; readonly first: string; readonly hint: string | null }

const cases: readonly Case[] = [
  {
    name: "unknown layer",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dense(8)\n    Dens(2)\n  }\n}\n",
    first: "bad.nn:5:5: error: unknown layer 'Dens'",
    hint: "did you mean 'Dense'?",
  },
  {
    name: "unknown activation in Dense",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dense(8, activation = rellu)\n  }\n}\n",
    first: "bad.nn:4:27: error: unknown activation 'rellu'",
    hint: "did you mean 'relu'?",
  },
  {
    name: "unknown initializer",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dense(8, init = he_normall)\n  }\n}\n",
    first: "bad.nn:4:21: error: unknown initializer 'he_normall'",
    hint: "did you mean 'he_normal'?",
  },
  {
    name: "unknown layer option",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dense(8, activaton = relu)\n  }\n}\n",
    first: "bad.nn:4:14: error: Dense has no argument 'activaton'; it takes 'units', 'activation', 'init', 'bias_init', 'use_bias', 'l1', 'l2'",
    hint: "did you mean 'activation'?",
  },
  {
    name: "missing units",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dense()\n  }\n}\n",
    first: "bad.nn:4:5: error: Dense needs the argument 'units'",
    hint: null,
  },
  {
    name: "too many args",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dropout(0.2, 0.3)\n  }\n}\n",
    first: "bad.nn:4:18: error: Dropout takes at most 1 argument, but more were given",
    hint: null,
  },
  {
    name: "dropout rate range",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dropout(1.5)\n  }\n}\n",
    first: "bad.nn:4:13: error: 'rate' must be at least 0 and less than 1, found 1.5",
    hint: null,
  },
  {
    name: "units not integer",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dense(2.5)\n  }\n}\n",
    first: "bad.nn:4:11: error: 'units' must be a whole number, found 2.5",
    hint: null,
  },
  {
    name: "units wrong type",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dense(\"eight\")\n  }\n}\n",
    first: "bad.nn:4:11: error: 'units' must be a number, found the string \"eight\"",
    hint: null,
  },
  {
    name: "use_bias wrong type",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    Dense(8, use_bias = 1)\n  }\n}\n",
    first: "bad.nn:4:25: error: 'use_bias' must be true or false, found the number 1",
    hint: null,
  },
  {
    name: "unknown name",
    text: "model m {\n  input x: [N, 4]\n  h = x * 2\n  output y = hh + 1\n}\n",
    first: "bad.nn:4:14: error: unknown name 'hh'",
    hint: "did you mean 'h'?",
  },
  {
    name: "shape mismatch add",
    text: "model m {\n  input x: [N, 4]\n  param b: [3] = 0\n  output y = x + b\n}\n",
    first: "bad.nn:4:14: error: cannot add: shapes [N, 4] and [3] cannot be broadcast together (4 vs 3)",
    hint: null,
  },
  {
    name: "matmul mismatch",
    text: "model m {\n  input x: [N, 4]\n  param W: [3, 2] = 0\n  output y = x @ W\n}\n",
    first: "bad.nn:4:14: error: '@' needs the last dimension of the left operand to equal the first of the right: [N, 4] @ [3, 2] (4 vs 3)",
    hint: null,
  },
  {
    name: "param literal wrong shape",
    text: "model m {\n  input x: [N, 4]\n  param W: [2, 2] = [[1, 2, 3], [4, 5, 6]]\n  output y = x\n}\n",
    first: "bad.nn:3:21: error: the initial value of 'W' has shape [2, 3] but 'W' is declared [2, 2]",
    hint: null,
  },
  {
    name: "ragged literal",
    text: "model m {\n  input x: [N, 4]\n  param W: [2, 2] = [[1, 2], [3]]\n  output y = x\n}\n",
    first: "bad.nn:3:30: error: ragged list: item 2 has shape [1] but item 1 has shape [2]",
    hint: null,
  },
  {
    name: "param symbolic shape",
    text: "model m {\n  input x: [N, 4]\n  param W: [N, 2] = 0\n  output y = x\n}\n",
    first: "bad.nn:3:13: error: parameter 'W' must have a fixed shape; 'N' is a symbolic dimension",
    hint: null,
  },
  {
    name: "duplicate name",
    text: "model m {\n  input x: [N, 4]\n  h = x * 2\n  h = x * 3\n  output y = h\n}\n",
    first: "bad.nn:4:3: error: 'h' is already defined at line 3, column 3",
    hint: null,
  },
  {
    name: "duplicate layer name",
    text: "model m {\n  input x: [N, 4]\n  layers {\n    a = Dense(8)\n    a = Dense(2)\n  }\n}\n",
    first: "bad.nn:5:5: error: a layer named 'a' already exists (line 4, column 5)",
    hint: null,
  },
  {
    name: "layer used as value",
    text: "model m {\n  input x: [N, 4]\n  output y = Dense\n}\n",
    first: "bad.nn:3:14: error: 'Dense' is a layer, not a value; apply it with a pipe: x |> Dense(...)",
    hint: null,
  },
  {
    name: "layer called without pipe",
    text: "model m {\n  input x: [N, 4]\n  output y = Dense(3)\n}\n",
    first: "bad.nn:3:14: error: 'Dense' is a layer; apply it with a pipe, as in x |> Dense(...)",
    hint: null,
  },
  {
    name: "function as value",
    text: "model m {\n  input x: [N, 4]\n  output y = x + relu\n}\n",
    first: "bad.nn:3:18: error: 'relu' is a function, not a value; call it as relu(x) or pipe into it: x |> relu",
    hint: null,
  },
  {
    name: "unknown function",
    text: "model m {\n  input x: [N, 4]\n  output y = sigmoidd(x)\n}\n",
    first: "bad.nn:3:14: error: unknown function 'sigmoidd'",
    hint: "did you mean 'sigmoid'?",
  },
  {
    name: "exponent not number",
    text: "model m {\n  input x: [N, 4]\n  output y = x ^ x\n}\n",
    first: "bad.nn:3:18: error: the exponent of '^' must be a number, found 'x'",
    hint: null,
  },
  {
    name: "softmax axis out of range",
    text: "model m {\n  input x: [N, 4]\n  output y = softmax(x, axis = 3)\n}\n",
    first: "bad.nn:3:14: error: softmax: axis 3 is out of range for a tensor of rank 2",
    hint: null,
  },
  {
    name: "sum axis out of range",
    text: "model m {\n  input x: [N, 4]\n  output y = sum(x, axis = -3)\n}\n",
    first: "bad.nn:3:28: error: axis -3 is out of range for a tensor of rank 2",
    hint: null,
  },
  {
    name: "reshape count",
    text: "model m {\n  input x: [N, 4]\n  output y = reshape(x, [N, 3])\n}\n",
    first: "bad.nn:3:14: error: cannot reshape [N, 4] to [N, 3]: the element counts differ",
    hint: null,
  },
  {
    name: "concat shapes",
    text: "model m {\n  input x: [N, 4]\n  param a: [2, 3] = 0\n  output y = concat([x, a], axis = -1)\n}\n",
    first: "bad.nn:4:14: error: concat needs equal shapes except along axis 1: [N, 4] and [2, 3]",
    hint: null,
  },
  {
    name: "declared output shape",
    text: "model m {\n  input x: [N, 4]\n  output y: [N, 3] = x * 2\n}\n",
    first: "bad.nn:3:22: error: output 'y' is declared [N, 3] but its value has shape [N, 4]",
    hint: null,
  },
  {
    name: "constant output",
    text: "model m {\n  input x: [N, 4]\n  output y = 3\n}\n",
    first: "bad.nn:3:14: error: output 'y' is a constant; an output must depend on an input or a parameter",
    hint: null,
  },
  {
    name: "no output",
    text: "model m {\n  input x: [N, 4]\n}\n",
    first: "bad.nn:1:7: error: model 'm' has no output; add 'output y = ...' or a layers block",
    hint: null,
  },
  {
    name: "layers with two inputs",
    text: "model m {\n  input x: [N, 4]\n  input z: [N, 4]\n  layers {\n    Dense(2)\n  }\n}\n",
    first: "bad.nn:4:3: error: a layers block starts from the model's single input, but this model declares 2 inputs (x, z); use pipes instead",
    hint: null,
  },
  {
    name: "dense symbolic features",
    text: "model m {\n  input x: [N, M]\n  layers {\n    Dense(2)\n  }\n}\n",
    first: "bad.nn:4:5: error: Dense needs a fixed last (feature) dimension, but its input has shape [N, M]",
    hint: null,
  },
  {
    name: "i32 arithmetic",
    text: "model m {\n  input x: i32[N]\n  output y = x * 2\n}\n",
    first: "bad.nn:3:14: error: input 'x' holds i32 class indices and cannot be used in arithmetic; declare it as f32 to compute with it",
    hint: null,
  },
  {
    name: "string as tensor",
    text: "model m {\n  input x: [N, 4]\n  output y = x + \"a\"\n}\n",
    first: "bad.nn:3:18: error: the string \"a\" cannot be used as a tensor",
    hint: null,
  },
  {
    name: "dimension zero",
    text: "model m {\n  input x: [N, 0]\n  output y = x\n}\n",
    first: "bad.nn:2:16: error: a dimension must be a positive whole number, found 0",
    hint: null,
  },
  {
    name: "duplicate model",
    text: "model m {\n  input x: [N, 1]\n  output y = x\n}\nmodel m {\n  input x: [N, 1]\n  output y = x\n}\n",
    first: "bad.nn:5:7: error: a model named 'm' is already defined at line 1",
    hint: null,
  },
  {
    name: "train for missing model",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain mm {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  loss = mse\n  optimizer = sgd()\n}\n",
    first: "bad.nn:5:7: error: train block for unknown model 'mm'",
    hint: "did you mean 'm'?",
  },
  {
    name: "unknown loss",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  loss = mean_squared\n  optimizer = sgd()\n}\n",
    first: "bad.nn:7:10: error: unknown loss 'mean_squared'",
    hint: null,
  },
  {
    name: "unknown optimizer",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  loss = mse\n  optimizer = adamm(lr = 0.1)\n}\n",
    first: "bad.nn:8:15: error: unknown optimizer 'adamm'",
    hint: "did you mean 'adam'?",
  },
  {
    name: "unknown optimizer arg",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  loss = mse\n  optimizer = adam(learning_rate = 0.1)\n}\n",
    first: "bad.nn:8:20: error: optimizer 'adam' has no argument 'learning_rate'; it takes 'lr', 'beta1', 'beta2', 'epsilon'",
    hint: null,
  },
  {
    name: "unknown train key",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  loss = mse\n  optimizer = sgd()\n  epoch = 3\n}\n",
    first: "bad.nn:9:3: error: unknown train setting 'epoch'",
    hint: "did you mean 'epochs'?",
  },
  {
    name: "missing loss",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  optimizer = sgd()\n}\n",
    first: "bad.nn:5:7: error: train block for 'm' needs 'loss = ...'",
    hint: null,
  },
  {
    name: "inline row shape",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3]], y = [[1]])\n  loss = mse\n  optimizer = sgd()\n}\n",
    first: "bad.nn:6:10: error: each inline input row has shape [3] but input 'x' expects rows of shape [4]",
    hint: null,
  },
  {
    name: "inline row counts",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1], [0]])\n  loss = mse\n  optimizer = sgd()\n}\n",
    first: "bad.nn:6:10: error: inline data has 1 input rows but 2 target rows",
    hint: null,
  },
  {
    name: "batch zero",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  loss = mse\n  optimizer = sgd()\n  batch = 0\n}\n",
    first: "bad.nn:9:11: error: 'batch' must be a whole number of at least 1, found 0",
    hint: null,
  },
  {
    name: "early stopping monitor",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  validate = split(0.2)\n  loss = mse\n  optimizer = sgd()\n  early_stopping { monitor = val_los }\n}\n",
    first: "bad.nn:10:30: error: early_stopping cannot monitor 'val_los'; this train block records loss, val_loss",
    hint: "did you mean 'val_loss'?",
  },
  {
    name: "unknown schedule",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  loss = mse\n  optimizer = sgd(lr = cosine(0.1, 100))\n}\n",
    first: "bad.nn:8:24: error: unknown learning-rate schedule 'cosine'",
    hint: null,
  },
  {
    name: "version 2",
    text: "version 2\nmodel m {\n  input x: [N, 4]\n  output y = x\n}\n",
    first: "bad.nn:1:9: error: 'version 2' is not supported: this compiler reads version 1",
    hint: null,
  },
  {
    name: "unknown metric",
    text: "model m {\n  input x: [N, 4]\n  output y = x\n}\ntrain m {\n  data = inline(x = [[1,2,3,4]], y = [[1]])\n  loss = mse\n  metrics = [acuracy]\n  optimizer = sgd()\n}\n",
    first: "bad.nn:8:14: error: unknown metric 'acuracy'",
    hint: "did you mean 'accuracy'?",
  },
];

function diagnose(text: string): CompileError {
  try {
    checkFile({ path: 'bad.nn', text });
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError, but the file checked cleanly');
}

describe('semantic errors', () => {
  it('covers at least 40 distinct mistakes', () => {
    expect(new Set(cases.map((c) => c.first)).size).toBeGreaterThanOrEqual(40);
  });
  for (const c of cases) {
    it(c.name, () => {
      const e = diagnose(c.text);
      const d = e.diagnostics[0]!;
      const rendered = renderDiagnostic(e.file, d).split('\n');
      expect(rendered[0]).toBe(c.first);
      expect(d.hint ?? null).toBe(c.hint);
      // The caret line points at the reported column.
      const caret = rendered.find((l) => /\|\s*\^/.test(l))!;
      expect(caret.indexOf('^') - caret.indexOf('|') - 2).toBe(d.span.col - 1);
    });
  }
  it('reports every error of a file in one run, in source order', () => {
    const e = diagnose(
      'model m {\n  input x: [N, 4]\n  a = x + qq\n  layers {\n    Dense(8, activation = rellu)\n    Dropout(2)\n  }\n}\n',
    );
    expect(e.diagnostics.map((d) => [d.span.line, d.message])).toEqual([
      [3, "unknown name 'qq'"],
      [5, "unknown activation 'rellu'"],
    ]);
  });
  it('keeps checking other models after one fails', () => {
    const e = diagnose('model a {\n  input x: [N, 2]\n  output y = x @ x\n}\nmodel b {\n  input x: [N, 2]\n  output y = zz\n}\n');
    expect(e.diagnostics.map((d) => d.span.line)).toEqual([3, 7]);
  });
});
