import { parseSource } from '../../compiler/syntax/parse.js';
import { test } from "vitest"; test("scratch", () => {
const src = `model xor {
  input x: [N, 2]
  layers {
    hidden = Dense(2, activation = leaky_relu, init = he_normal)
    output = Dense(1)
  }
}
train xor {
  data      = inline(x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [[0], [1], [1], [0]])
  loss      = mse
  optimizer = adam(lr = 0.05)
  early_stopping { monitor = val_loss; patience = 3 }
}
`;
const t0 = performance.now();
const ast = parseSource('xor.nn', src);
console.log('first', performance.now() - t0);
console.log(JSON.stringify(ast, (k, v) => k === 'span' ? undefined : v).slice(0, 1500));
try { parseSource('bad.nn', 'model m {\n  input x [N, 2]\n  h = Dense(64\n  output y = h +\n}\nmodle z {}\n}\n'); } catch (e) { console.log(String(e.message)); }
});
