// GitHub Actions run-log archives (zip: `<job>/<n>_<step>.txt` per step, `<n>_<job>.txt` per job),
// streamed with yauzl under size, count and compression-ratio caps (zip bombs are skipped, not read).
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { ScanReport } from '../core/types.ts';
import { UnitError, UsageError } from '../core/errors.ts';
import { isBinary } from './files.ts';
import { scanText } from './text.ts';
import type { SourceOptions } from './options.ts';
import { addProblem, addResult, emptyReport, finish } from './report.ts';

export interface ArchiveCaps {
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio above which an entry (over 1 MiB) is refused. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_CAPS: ArchiveCaps = { maxEntryBytes: 64 << 20, maxTotalBytes: 512 << 20, maxRatio: 200, maxEntries: 20_000 };

export interface ArchiveOptions extends SourceOptions {
  caps?: Partial<ArchiveCaps>;
}

/** `build/3_Run tests.txt` → `build/Run tests`; `1_build.txt` → `build`. */
export function stepName(fileName: string): { job: string; step?: string } {
  const strip = (s: string): string => s.replace(/\.txt$/i, '').replace(/^\d+_/, '');
  const parts = fileName.split('/');
  if (parts.length === 1) return { job: strip(parts[0]!) };
  return { job: parts.slice(0, -1).join('/'), step: strip(parts[parts.length - 1]!) };
}

function openZip(src: string | Buffer): Promise<ZipFile> {
  const opts = { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false };
  return new Promise((resolve, reject) => {
    const cb = (err: Error | null, zip?: ZipFile): void => (err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip));
    if (typeof src === 'string') yauzl.open(src, opts, cb);
    else yauzl.fromBuffer(src, opts, cb);
  });
}

function readEntry(zip: ZipFile, entry: Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const parts: Buffer[] = [];
      let n = 0;
      stream.on('data', (d: Buffer) => {
        n += d.length;
        if (n > limit) {
          stream.destroy(new UnitError(`entry grew past ${limit} bytes`));
          return;
        }
        parts.push(d);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(parts)));
    });
  });
}

export async function scanLogArchive(src: string | Buffer, opts: ArchiveOptions): Promise<ScanReport> {
  const t0 = performance.now();
  const caps = { ...DEFAULT_CAPS, ...opts.caps };
  let zip: ZipFile;
  try {
    zip = await openZip(src);
  } catch (err) {
    const name = typeof src === 'string' ? src : 'archive';
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${name}` : `not a readable zip archive: ${name}`);
  }
  const report = emptyReport();
  const total = zip.entryCount;
  let total_bytes = 0;
  let n = 0;
  await new Promise<void>((resolve, reject) => {
    // Corruption found while reading (truncated central directory, bad entry) is the archive's fault: one typed line.
    zip.on('error', (err: Error) => reject(new UsageError(`not a readable zip archive: ${typeof src === 'string' ? src : 'archive'} (${String(err.message).split('\n')[0]})`)));
    zip.on('end', resolve);
    zip.on('entry', async (entry: Entry) => {
      opts.onProgress?.(n, total);
      try {
        const name = entry.fileName;
        if (name.endsWith('/') || opts.exclude?.(name)) return;
        if (++n > caps.maxEntries) throw new UnitError(`skipped: more than ${caps.maxEntries} entries`);
        const size = entry.uncompressedSize;
        if (size > caps.maxEntryBytes) throw new UnitError(`skipped: ${size} bytes is over the ${caps.maxEntryBytes}-byte entry cap`);
        if (size > 1 << 20 && size / Math.max(1, entry.compressedSize) > caps.maxRatio)
          throw new UnitError(`skipped: compression ratio ${Math.round(size / Math.max(1, entry.compressedSize))} is over ${caps.maxRatio} (zip bomb?)`);
        if (total_bytes + size > caps.maxTotalBytes) throw new UnitError(`skipped: archive total is over ${caps.maxTotalBytes} bytes`);
        const data = await readEntry(zip, entry, Math.min(caps.maxEntryBytes, Math.max(size, 0)));
        total_bytes += data.length;
        if (isBinary(data)) {
          report.stats.skipped++;
          return;
        }
        const { job, step } = stepName(name);
        addResult(report, name, data.length, scanText(data.toString('utf8'), { source: 'ci-log', path: name, step: step ? `${job}/${step}` : job }, opts));
      } catch (err) {
        if (err instanceof UnitError && err.message.startsWith('skipped')) {
          report.stats.skipped++;
          report.problems.push({ path: entry.fileName, reason: err.message });
        } else addProblem(report, entry.fileName, err);
      } finally {
        zip.readEntry();
      }
    });
    zip.readEntry();
  });
  // A job's full log repeats its steps: keep the step-level finding.
  const stepped = new Set(report.findings.filter((f) => f.step?.includes('/')).map((f) => `${f.step!.split('/')[0]}\0${f.fingerprint}`));
  report.findings = report.findings.filter((f) => f.step?.includes('/') || !stepped.has(`${f.step}\0${f.fingerprint}`));
  return finish(report, t0);
}
