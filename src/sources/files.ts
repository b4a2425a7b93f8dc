// Directory-tree source: every regular file, dotfiles and dot-directories included (.env, .cursor/, .github/).
// Symlinks are never followed. Large files are read in line-aligned pieces that overlap, up to a cap.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { extname, join, relative, sep, basename } from 'node:path';
import type { Finding, Origin } from '../core/types.ts';
import type { Engine } from '../core/engine.ts';
import { describe } from '../core/errors.ts';

export interface FileUnit {
  path: string; // relative to root, '/' separated
  abs: string;
  size: number;
}

export interface WalkOptions {
  includeNodeModules?: boolean;
  /** Unreadable directories land here; the walk goes on. */
  onProblem?: (path: string, reason: string) => void;
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);

export async function* walk(root: string, opts: WalkOptions = {}): AsyncGenerator<FileUnit> {
  const st = await lstat(root);
  if (!st.isDirectory()) {
    if (st.isFile()) yield { path: basename(root), abs: root, size: st.size };
    return;
  }
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      opts.onProblem?.(relative(root, dir).split(sep).join('/') || '.', describe(err));
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === '.git' || (!opts.includeNodeModules && SKIP_DIRS.has(e.name))) continue;
        stack.push(abs);
      } else if (e.isFile()) {
        let size = 0;
        try {
          size = (await lstat(abs)).size;
        } catch (err) {
          opts.onProblem?.(relative(root, abs).split(sep).join('/'), describe(err));
          continue;
        }
        yield { path: relative(root, abs).split(sep).join('/'), abs, size };
      }
      // Symlinks, sockets and devices are skipped: a link can point outside the tree.
    }
  }
}

/** Extensions whose content is binary; such files are skipped without reading. */
export const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico icns webp avif tif tiff psd woff woff2 ttf otf eot zip gz tgz bz2 xz zst 7z rar ' +
    'jar war ear class so dylib dll exe o a lib obj pdb bin dat wasm node pyc pyo mp3 mp4 m4a mov avi mkv webm ' +
    'wav flac ogg pdf doc docx xls xlsx ppt pptx sqlite db iso dmg deb rpm'
  ).split(' '),
);

/**
 * Optional per-file scanner for files that fit in one piece (nearly all): e.g. structure-aware agent-config
 * scanning and inline-allow filtering. Larger files are scanned piecewise by the plain engine.
 */
export type TextScanner = (engine: Engine, data: Buffer, origin: Origin) => { findings: Finding[]; suppressed?: number; problem?: string };

export interface FileScanOptions {
  /** Bytes scanned per file at most (default 64 MiB); the rest is reported as truncated. */
  maxBytes?: number;
  /** Bytes per piece read and scanned at once (default 8 MiB). */
  pieceBytes?: number;
  /** Bytes each piece repeats from the previous one (default 64 KiB); longer than any match. */
  overlap?: number;
}

export interface FileResult {
  path: string;
  bytes: number;
  findings: Finding[];
  /** Findings the text scanner dropped (inline allow comments). */
  suppressed?: number;
  /** A problem that did not stop the scan of this file (e.g. a config scanned as plain text). */
  note?: string;
  binary?: boolean;
  truncated?: boolean;
  problem?: string;
}

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** True when the buffer looks binary (NUL byte in the first 8 KiB). */
export function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/** Scan one file with the engine, synchronously (runs inside a worker thread or in-process). */
export function scanFile(engine: Engine, unit: FileUnit, opts: FileScanOptions = {}, text?: TextScanner): FileResult {
  const res: FileResult = { path: unit.path, bytes: 0, findings: [] };
  if (BINARY_EXTENSIONS.has(extname(unit.abs).slice(1).toLowerCase())) return { ...res, binary: true };
  let fd: number;
  try {
    fd = openSync(unit.abs, 'r');
  } catch (err) {
    return { ...res, problem: describe(err) };
  }
  try {
    return readPieces(engine, fd, unit, opts, res, text);
  } catch (err) {
    return { ...res, findings: [], problem: describe(err) };
  } finally {
    closeSync(fd);
  }
}

function readPieces(engine: Engine, fd: number, unit: FileUnit, opts: FileScanOptions, res: FileResult, text?: TextScanner): FileResult {
  const max = opts.maxBytes ?? MAX_FILE_BYTES;
  const overlap = opts.overlap ?? 64 * 1024;
  const pieceBytes = Math.max(opts.pieceBytes ?? 8 * 1024 * 1024, overlap * 4);
  const size = fstatSync(fd).size;
  const limit = Math.min(size, max);
  const buf = Buffer.allocUnsafe(Math.min(limit, pieceBytes));
  let filled = 0; // bytes of buf holding data
  let pos = 0; // file offset of buf[0]
  let line = 1; // line of buf[0]
  const origin = { source: 'file' as const, path: unit.path };
  for (;;) {
    while (filled < buf.length && pos + filled < limit) {
      const n = readSync(fd, buf, filled, Math.min(buf.length - filled, limit - pos - filled), pos + filled);
      if (n === 0) break;
      filled += n;
    }
    if (pos === 0 && isBinary(buf.subarray(0, filled))) return { ...res, binary: true };
    const last = pos + filled >= limit;
    const data = buf.subarray(0, filled);
    if (text && pos === 0 && last) {
      const r = text(engine, data, origin);
      res.findings.push(...r.findings);
      if (r.suppressed) res.suppressed = r.suppressed;
      if (r.problem) res.note = r.problem;
      break;
    }
    const next = last ? filled : nextStart(data, overlap);
    res.findings.push(...engine.scanBuffer(data, origin, { lineOffset: line, keepBefore: last ? Infinity : next }));
    if (last) break;
    line += countLines(data, next);
    buf.copy(buf, 0, next, filled);
    filled -= next;
    pos += next;
  }
  res.bytes = limit;
  if (size > max) res.truncated = true;
  return res;
}

/** Where the next piece starts: a line start about `overlap` bytes before the end (or a token edge). */
function nextStart(data: Buffer, overlap: number): number {
  const want = data.length - overlap;
  const nl = data.lastIndexOf(10, want - 1);
  if (nl >= 0 && want - nl <= overlap / 2) return nl + 1;
  let i = want;
  while (i > want - 512 && isToken(data[i - 1]!)) i--;
  return i;
}

function isToken(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 43 || c === 47 || c === 61 || c >= 128;
}

function countLines(data: Buffer, end: number): number {
  let n = 0;
  for (let i = data.indexOf(10); i !== -1 && i < end; i = data.indexOf(10, i + 1)) n++;
  return n;
}
