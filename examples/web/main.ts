// The digits page: loads digits.nnb with the nnc runtime, classifies what is drawn on the canvas,
// and fine-tunes the model in the page on examples the user labels. Bundled by build.mjs (esbuild).
import { loadBundle, type Model } from '../../runtime/index.js';
import { toDigitPixels } from './pixels.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const pad = $<HTMLCanvasElement>('pad');
const preview = $<HTMLCanvasElement>('preview');
const statusLine = $<HTMLParagraphElement>('status');
const guess = $<HTMLDivElement>('guess');
const bars = $<HTMLOListElement>('bars');
const labelSelect = $<HTMLSelectElement>('label');
const addButton = $<HTMLButtonElement>('add');
const tuneButton = $<HTMLButtonElement>('finetune');
const saveButton = $<HTMLButtonElement>('save');
const countLine = $<HTMLSpanElement>('count');
const log = $<HTMLPreElement>('log');

const ctx = pad.getContext('2d', { willReadFrequently: true })!;
const samples: { pixels: number[]; label: number }[] = [];
let current: Float32Array = new Float32Array(64);
let model: Model | null = null;
let busy = false;

function setStatus(text: string): void {
  statusLine.textContent = text;
}

/** Classifies 8x8 images (64 values 0..16 each): the class and the ten probabilities of each. */
async function classify(images: readonly (readonly number[])[]): Promise<{ classes: number[]; probs: number[][] }> {
  if (!model) throw new Error('the model is not loaded yet');
  const { data } = await model.predict({ data: Float32Array.from(images.flat()), shape: [images.length, 64] });
  const probs = images.map((_, r) => Array.from(data.subarray(r * 10, r * 10 + 10)));
  const classes = probs.map((p) => p.indexOf(Math.max(...p)));
  return { classes, probs };
}

/** Trains on labelled 8x8 images for a few epochs; the loss of each epoch. */
async function fineTune(examples: readonly { pixels: readonly number[]; label: number }[], epochs = 10): Promise<{ loss: number[] }> {
  if (!model) throw new Error('the model is not loaded yet');
  const history = await model.train(
    { x: examples.map((e) => [...e.pixels]), y: examples.map((e) => e.label) },
    {
      epochs,
      batch: Math.min(32, examples.length),
      validation: null,
      earlyStopping: null,
      callbacks: {
        onEpochEnd: (e) => {
          log.textContent = `epoch ${e.epoch}/${epochs}: loss ${e.logs['loss']!.toFixed(4)}, accuracy ${(e.logs['accuracy'] ?? NaN).toFixed(2)}\n` + log.textContent;
        },
      },
    },
  );
  return { loss: [...history.history['loss']!] };
}

function drawPreview(pixels: Float32Array): void {
  const p = preview.getContext('2d')!;
  const img = p.createImageData(8, 8);
  pixels.forEach((v, i) => {
    const g = 255 - Math.round((v / 16) * 255);
    img.data.set([g, g, g, 255], i * 4);
  });
  p.putImageData(img, 0, 0);
}

function showPrediction(probs: readonly number[]): void {
  const best = probs.indexOf(Math.max(...probs));
  guess.textContent = String(best);
  bars.replaceChildren(
    ...probs.map((p, k) => {
      const li = document.createElement('li');
      li.innerHTML = `<span>${k}</span><i style="width:${(p * 100).toFixed(1)}%"></i><b>${(p * 100).toFixed(1)}%</b>`;
      if (k === best) li.className = 'best';
      return li;
    }),
  );
}

async function update(): Promise<void> {
  const rgba = ctx.getImageData(0, 0, pad.width, pad.height).data;
  current = toDigitPixels(rgba.subarray(3), pad.width, pad.height, 4);
  drawPreview(current);
  if (!model || current.every((v) => v === 0)) {
    guess.textContent = '?';
    bars.replaceChildren();
    return;
  }
  const { probs } = await classify([Array.from(current)]);
  showPrediction(probs[0]!);
  document.body.dataset['predicted'] = String(probs[0]!.indexOf(Math.max(...probs[0]!)));
}

// Drawing with the mouse (or a pen, or a finger): round strokes of black ink on a transparent canvas.
let last: { x: number; y: number } | null = null;
function point(e: PointerEvent): { x: number; y: number } {
  const r = pad.getBoundingClientRect();
  return { x: ((e.clientX - r.left) * pad.width) / r.width, y: ((e.clientY - r.top) * pad.height) / r.height };
}
pad.addEventListener('pointerdown', (e) => {
  pad.setPointerCapture(e.pointerId);
  last = point(e);
  ctx.beginPath();
  ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
  ctx.fill();
});
pad.addEventListener('pointermove', (e) => {
  if (!last) return;
  const p = point(e);
  ctx.beginPath();
  ctx.moveTo(last.x, last.y);
  ctx.lineTo(p.x, p.y);
  ctx.stroke();
  last = p;
});
const endStroke = (): void => {
  if (!last) return;
  last = null;
  void update();
};
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);
ctx.lineWidth = 18;
ctx.lineCap = 'round';
ctx.lineJoin = 'round';
ctx.strokeStyle = ctx.fillStyle = '#000';

$<HTMLButtonElement>('clear').addEventListener('click', () => {
  ctx.clearRect(0, 0, pad.width, pad.height);
  void update();
});

addButton.addEventListener('click', () => {
  if (current.every((v) => v === 0)) return setStatus('Draw a digit first, then add it with its label.');
  samples.push({ pixels: Array.from(current), label: Number(labelSelect.value) });
  countLine.textContent = `${samples.length} example${samples.length === 1 ? '' : 's'}`;
  ctx.clearRect(0, 0, pad.width, pad.height);
  void update();
});

tuneButton.addEventListener('click', async () => {
  if (busy || !model) return;
  if (samples.length === 0) return setStatus('Add a few labelled examples first.');
  busy = true;
  tuneButton.disabled = true;
  setStatus(`Fine-tuning on ${samples.length} example${samples.length === 1 ? '' : 's'}…`);
  try {
    const t0 = performance.now();
    const { loss } = await fineTune(samples);
    setStatus(`Fine-tuned: ${loss.length} epochs in ${((performance.now() - t0) / 1000).toFixed(1)} s, loss ${loss[0]!.toFixed(4)} → ${loss.at(-1)!.toFixed(4)}.`);
    document.body.dataset['tuned'] = String(loss.length);
    await update();
  } catch (e) {
    setStatus(`Fine-tuning failed: ${(e as Error).message}`);
  } finally {
    busy = false;
    tuneButton.disabled = false;
  }
});

saveButton.addEventListener('click', async () => {
  if (!model) return;
  const bytes = await model.toBundle();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  a.download = 'digits-finetuned.nnb';
  a.click();
  URL.revokeObjectURL(a.href);
});

async function start(): Promise<{ adapter: string; loadMs: number }> {
  if (!('gpu' in navigator)) throw new Error('this browser has no WebGPU (navigator.gpu); try a current Chrome or Edge');
  const t0 = performance.now();
  const response = await fetch('digits.nnb');
  if (!response.ok) throw new Error(`cannot fetch digits.nnb: HTTP ${response.status}`);
  model = await loadBundle(await response.arrayBuffer());
  const loadMs = performance.now() - t0;
  const adapter = model.adapterName;
  setStatus(`Model '${model.name}' loaded in ${loadMs.toFixed(0)} ms on ${adapter}. Draw a digit.`);
  for (const b of [addButton, tuneButton, saveButton]) b.disabled = false;
  document.body.dataset['ready'] = 'true';
  return { adapter, loadMs };
}

const ready = start();
ready.catch((e: unknown) => {
  setStatus(`Cannot start: ${(e as Error).message}`);
  document.body.dataset['ready'] = 'error';
});

// For tests and the console: the same functions the buttons use.
declare global {
  interface Window {
    digits: {
      ready: Promise<{ adapter: string; loadMs: number }>;
      classify: typeof classify;
      fineTune: typeof fineTune;
      pixels(): number[];
    };
  }
}
window.digits = { ready, classify, fineTune, pixels: () => Array.from(current) };
