// Checkpoints on disk (Node; runtime/checkpoint.ts makes their bytes, browser-safe), written so
// that a kill at any moment leaves the previous complete checkpoint in place and readable:
//
//   DIR/checkpoint.json         the pointer: which epoch directory is current, with the size and
//                               SHA-256 of each of its files; replaced atomically (rename)
//   DIR/epoch-000007/           one complete checkpoint (files of checkpoint.ts)
//
// Writing epoch E: the files go into DIR/.tmp-epoch-00000E-PID/ (each written and fsynced), the
// directory is fsynced and renamed to DIR/epoch-00000E, then the pointer is written to
// DIR/checkpoint.json.tmp-PID, fsynced and renamed over DIR/checkpoint.json, and DIR is fsynced.
// Only then are the other epoch directories (the previous checkpoint) and stale temporaries
// removed. Until the pointer's rename the old pointer names the old, untouched directory; after
// it, the new one is complete on disk. Readers trust only the pointer, and check every file's size
// and hash against it.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../runtime/checkpoint.js';

export const POINTER_FILE = 'checkpoint.json';
const POINTER_FORMAT = 'nnc-checkpoint-pointer';

export interface WriteFaults {
  /**
   * Test hook (crash safety tests only): the n-th checkpoint file this process writes (counting
   * from 1 over every checkpoint, the pointer included) is written half-way, then the process is
   * killed with SIGKILL: a power cut in the middle of a write.
   */
  readonly crashAfterFiles?: number;
}

let filesWritten = 0;

const epochDir = (epoch: number): string => `epoch-${String(epoch).padStart(6, '0')}`;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function fsyncPath(path: string): void {
  // Directories cannot be opened for fsync everywhere (Windows); durability is best effort there.
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported for directories on this platform */
  }
}

function writeDurable(path: string, bytes: Uint8Array, faults: WriteFaults): void {
  filesWritten++;
  const crash = faults.crashAfterFiles !== undefined && filesWritten >= faults.crashAfterFiles;
  const fd = openSync(path, 'w');
  try {
    let at = 0;
    const end = crash ? bytes.length >> 1 : bytes.length;
    while (at < end) at += writeSync(fd, bytes, at, end - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (crash) process.kill(process.pid, 'SIGKILL');
}

/** Writes the files of the checkpoint of `epoch` into `dir` atomically (see above). */
export function writeCheckpoint(dir: string, epoch: number, files: ReadonlyMap<string, Uint8Array>, faults: WriteFaults = {}): void {
  mkdirSync(dir, { recursive: true });
  const name = epochDir(epoch);
  const tmp = join(dir, `.tmp-${name}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const listing: Record<string, { bytes: number; sha256: string }> = {};
  for (const [file, bytes] of files) {
    writeDurable(join(tmp, file), bytes, faults);
    listing[file] = { bytes: bytes.length, sha256: sha256(bytes) };
  }
  fsyncPath(tmp);
  const final = join(dir, name);
  // A directory of this epoch can only be left over from a run that died before its pointer was
  // written (the pointer never names the epoch being written): it is not a checkpoint.
  const current = readPointer(dir, false);
  if (current?.dir === name) throw new CheckpointError(`${join(dir, POINTER_FILE)} already names epoch ${epoch}; refusing to overwrite it`);
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  fsyncPath(dir);
  const pointer = { format: POINTER_FORMAT, version: 1, epoch, dir: name, files: listing };
  const ptmp = join(dir, `${POINTER_FILE}.tmp-${process.pid}`);
  writeDurable(ptmp, new TextEncoder().encode(JSON.stringify(pointer, null, 1) + '\n'), faults);
  renameSync(ptmp, join(dir, POINTER_FILE));
  fsyncPath(dir);
  // The new checkpoint is the current one: the previous one and any leftovers can go.
  for (const entry of readdirSync(dir)) {
    if (entry === name || entry === POINTER_FILE) continue;
    if (/^epoch-\d+$/.test(entry) || entry.startsWith('.tmp-epoch-') || entry.startsWith(`${POINTER_FILE}.tmp-`)) {
      rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }
}

interface Pointer {
  readonly epoch: number;
  readonly dir: string;
  readonly files: Readonly<Record<string, { bytes: number; sha256: string }>>;
}

function readPointer(dir: string, required: boolean): Pointer | null {
  const path = join(dir, POINTER_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return null;
    if (code === 'ENOENT') {
      const what = !existsSync(dir) ? 'no such directory' : !statSync(dir).isDirectory() ? 'it is not a directory' : `it holds no ${POINTER_FILE} (no epoch was completed)`;
      throw new CheckpointError(`no checkpoint in '${dir}': ${what}`);
    }
    throw new CheckpointError(`cannot read '${path}': ${code ?? (e as Error).message}`);
  }
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch {
    throw new CheckpointError(`'${path}' is not valid JSON`);
  }
  const o = p as Record<string, unknown> | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    o['format'] !== POINTER_FORMAT ||
    !Number.isSafeInteger(o['epoch']) ||
    typeof o['dir'] !== 'string' ||
    !/^epoch-\d+$/.test(o['dir']) ||
    typeof o['files'] !== 'object' ||
    o['files'] === null
  ) {
    throw new CheckpointError(`'${path}' is not an nnc checkpoint pointer`);
  }
  return o as unknown as Pointer;
}

/** The files of the current checkpoint in `dir`, verified against the pointer's sizes and hashes. */
export function readCheckpointFiles(dir: string): { epoch: number; path: string; files: Map<string, Uint8Array> } {
  const p = readPointer(dir, true)!;
  const base = join(dir, p.dir);
  const files = new Map<string, Uint8Array>();
  for (const [name, want] of Object.entries(p.files)) {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new CheckpointError(`'${join(dir, POINTER_FILE)}' names a file outside its checkpoint: '${name}'`);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(base, name));
    } catch (e) {
      throw new CheckpointError(`checkpoint file '${join(base, name)}' cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (bytes.length !== want.bytes || sha256(bytes) !== want.sha256) {
      throw new CheckpointError(`checkpoint file '${join(base, name)}' is damaged: its size or SHA-256 differs from ${POINTER_FILE}'s`);
    }
    files.set(name, bytes);
  }
  return { epoch: p.epoch, path: base, files };
}
