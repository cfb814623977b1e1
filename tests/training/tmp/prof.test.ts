import { it } from 'vitest';
import { generateModule } from '../../../compiler/codegen/codegen.js';
import { GpuEngine } from '../../../runtime/gpu-engine.js';
import { train } from '../../../runtime/trainer.js';
import { testDevice } from '../../helpers/gpu.js';
import { build, interpEngine } from '../engines.js';
const src = (o: string) => `
model mlp {
  input x: [N, 6]
  layers {
    hidden = Dense(8, activation = relu)
    norm   = BatchNorm(momentum = 0.9)
    drop   = Dropout(0.25)
    out    = Dense(3, activation = softmax)
  }
}
train mlp {
  data      = inline(x = [[0, 0, 0, 0, 0, 0]], y = [0])
  loss      = sparse_categorical_crossentropy
  metrics   = [accuracy]
  optimizer = ${o}
  batch     = 8
  epochs    = 2
}`;
it('prof', async () => {
  const t0 = performance.now();
  const gpu = await testDevice();
  const t1 = performance.now();
  console.log('device', t1 - t0);
  for (const o of ['sgd(lr=0.1)', 'adam(lr=0.1)', 'adam(lr=0.2)']) {
    let t = performance.now();
    const lap = (s: string) => { const n = performance.now(); console.log(o, s, (n - t).toFixed(0)); t = n; };
    const b = build(src(o), 3); lap('build');
    const mod = generateModule(b.graphs); lap('codegen ' + mod.kernels.length);
    const e = await GpuEngine.create(gpu.device, mod); lap('create');
    e.setState(b.initial);
    const data = { rows: 37, features: new Float32Array(37 * 6).fill(0.5), featureShape: [6], targets: new Int32Array(37), targetShape: [] };
    await train(e, data, { epochs: 2, batch: 8, seed: 1, shuffle: true, validation: data, earlyStopping: null }); lap('gpu train');
    await e.getState(); lap('getState');
    const c = interpEngine(b, data);
    await train(c, data, { epochs: 2, batch: 8, seed: 1, shuffle: true, validation: data, earlyStopping: null }); lap('cpu train');
    e.destroy();
  }
  gpu.destroy();
});
