// CSV reading for inputs and data sets: a header row, then numeric rows; errors name row and column.
import { UsageError } from './args.js';

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly number[])[];
}

function splitLine(line: string): string[] {
  // Quoted fields may hold commas; doubled quotes escape a quote.
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export function parseCsv(text: string, path: string): Table {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new UsageError(`${path}: the file is empty; expected a header row and data rows`);
  const header = splitLine(lines[0]!);
  const rows: number[][] = [];
  for (let r = 1; r < lines.length; r++) {
    const line = lines[r]!;
    if (line.trim() === '') continue;
    const cells = splitLine(line);
    if (cells.length !== header.length) {
      const quote = (line.match(/"/g)?.length ?? 0) % 2 === 1 ? ' (a quote opened on this row is never closed)' : '';
      throw new UsageError(`${path}:${r + 1}: row has ${cells.length} value${cells.length === 1 ? '' : 's'} but the header has ${header.length} column${header.length === 1 ? '' : 's'}${quote}`);
    }
    rows.push(
      cells.map((c, k) => {
        const v = c === '' ? NaN : Number(c);
        if (!Number.isFinite(v)) {
          throw new UsageError(`${path}:${r + 1}: column '${header[k]}' holds '${c}', which is not a number`);
        }
        return v;
      }),
    );
  }
  if (rows.length === 0) throw new UsageError(`${path}: no data rows after the header`);
  return { header, rows };
}
