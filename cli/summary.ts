// `nnc summary`: the model table in Keras 3's format (box drawing, `(None, 64)` shapes, thousands
// separators, totals with their size in bytes).
import type { CheckedModel } from '../compiler/check/model-types.js';
import type { Dim } from '../compiler/ir/types.js';

const grouped = (n: number): string => n.toLocaleString('en-US');

/** Keras's readable_memory_size: 1024-based units with two decimals. */
export function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(2)} ${units[u]}`;
}

const shapeText = (s: readonly Dim[]): string => {
  const parts = s.map((d) => (typeof d === 'number' ? String(d) : 'None'));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
};

/** Splits `text` into lines of at most `width` characters, at spaces where possible. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    let wd = word;
    while (wd.length > width) {
      if (cur) lines.push(cur);
      cur = '';
      lines.push(wd.slice(0, width));
      wd = wd.slice(width);
    }
    if (!cur) cur = wd;
    else if (cur.length + 1 + wd.length <= width) cur += ` ${wd}`;
    else {
      lines.push(cur);
      cur = wd;
    }
  }
  if (cur || lines.length === 0) lines.push(cur);
  return lines;
}

interface Row {
  readonly layer: string;
  readonly shape: string;
  readonly params: string;
}

export function summarize(model: CheckedModel): string {
  const size = new Map(model.params.map((p) => [p.name, p.shape.reduce((a, b) => a * b, 1)]));
  const owned = new Set(model.layers.flatMap((l) => l.params));
  const rows: Row[] = model.layers.map((l) => ({
    layer: `${l.name} (${l.cls})`,
    shape: shapeText(l.outputShape),
    params: grouped(l.params.reduce((a, p) => a + size.get(p)!, 0)),
  }));
  // Expression-form parameters are not inside a layer: each gets a row of its own.
  for (const p of model.params) {
    if (!owned.has(p.name)) rows.push({ layer: `${p.name} (Param)`, shape: shapeText(p.shape), params: grouped(size.get(p.name)!) });
  }
  // Keras's fixed column widths; longer cells wrap at spaces, as rich does.
  const w = [31, 22, 13];
  const line = (l: string, m: string, r: string, fill: string) => l + w.map((n) => fill.repeat(n + 2)).join(m) + r;
  const cells = (edge: string, c: readonly string[], right: boolean) => {
    const wrapped = c.map((t, k) => wrap(t, w[k]!));
    const height = Math.max(...wrapped.map((x) => x.length));
    const lines: string[] = [];
    for (let j = 0; j < height; j++) {
      const part = (k: number) => wrapped[k]![j] ?? '';
      const last = right ? part(2).padStart(w[2]!) : part(2).padEnd(w[2]!);
      lines.push(`${edge} ${part(0).padEnd(w[0]!)} ${edge} ${part(1).padEnd(w[1]!)} ${edge} ${last} ${edge}`);
    }
    return lines;
  };
  const out = [`Model: "${model.name}"`, line('┏', '┳', '┓', '━'), ...cells('┃', ['Layer (type)', 'Output Shape', 'Param #'], true), line('┡', '╇', '┩', '━')];
  rows.forEach((r, k) => {
    out.push(...cells('│', [r.layer, r.shape, r.params], true));
    if (k < rows.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  const total = model.params.reduce((a, p) => a + size.get(p.name)!, 0);
  const trainable = model.params.filter((p) => p.trainable).reduce((a, p) => a + size.get(p.name)!, 0);
  const fmt = (n: number) => `${grouped(n)} (${readableSize(n * 4)})`;
  out.push(` Total params: ${fmt(total)}`, ` Trainable params: ${fmt(trainable)}`, ` Non-trainable params: ${fmt(total - trainable)}`);
  return out.join('\n') + '\n';
}
