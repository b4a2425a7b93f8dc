// File ledger for the CLI: .keyshift/ledger.jsonl, each record fsync'd; claims serialised by an O_EXCL lock file.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { appendDurable } from './jsonl.ts';
import type { ClaimInfo, LedgerEntry, ResultInfo, RevocationLedger } from './ledger.ts';
import { KeyshiftError } from '../core/errors.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FileLedger implements RevocationLedger {
  constructor(readonly path: string) {}

  private read(): LedgerEntry[] {
    if (!existsSync(this.path)) return [];
    const out: LedgerEntry[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as LedgerEntry);
      } catch {
        // A torn last line (crash mid-write) is ignored; fsync'd records before it stand.
      }
    }
    return out;
  }

  private latest(fp: string, states: LedgerEntry['state'][]): LedgerEntry | undefined {
    let hit: LedgerEntry | undefined;
    for (const e of this.read()) if (e.fingerprint === fp && states.includes(e.state)) hit = e;
    return hit;
  }

  private async locked<T>(fn: () => T): Promise<T> {
    const lock = `${this.path}.lock`;
    for (let i = 0; ; i++) {
      try {
        closeSync(openSync(lock, 'wx'));
        break;
      } catch (err) {
        if (i === 0 && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          mkdirSync(dirname(this.path), { recursive: true });
          continue;
        }
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // A lock older than 30 s belongs to a dead process.
        const st = statSync(lock, { throwIfNoEntry: false });
        if (st && Date.now() - st.mtimeMs > 30_000) rmSync(lock, { force: true });
        if (i > 500) throw new KeyshiftError(`ledger busy: ${lock}`);
        await sleep(20);
      }
    }
    try {
      return fn();
    } finally {
      rmSync(lock, { force: true });
    }
  }

  private write(e: Omit<LedgerEntry, 'at'>): void {
    appendDurable(this.path, { at: new Date().toISOString(), ...e });
  }

  async claim(fingerprint: string, info: ClaimInfo): Promise<boolean> {
    return this.locked(() => {
      const cur = this.latest(fingerprint, ['intent', 'done', 'retryable']);
      if (cur && cur.state !== 'retryable') return false;
      this.write({ fingerprint, state: 'intent', ...info });
      return true;
    });
  }

  async complete(fingerprint: string, r: ResultInfo): Promise<void> {
    await this.locked(() => this.write({ fingerprint, state: r.retryable ? 'retryable' : 'done', outcome: r.outcome, detail: r.detail, httpStatus: r.httpStatus }));
  }

  async revocation(fingerprint: string): Promise<LedgerEntry | undefined> {
    return this.latest(fingerprint, ['intent', 'done', 'retryable']);
  }

  async hold(fingerprint: string, info: ClaimInfo): Promise<void> {
    await this.locked(() => {
      if (!this.latest(fingerprint, ['held', 'approved'])) this.write({ fingerprint, state: 'held', ...info });
    });
  }

  async approve(fingerprint: string, by: string): Promise<void> {
    await this.locked(() => {
      if (this.latest(fingerprint, ['approved'])) return;
      this.write({ fingerprint, state: 'approved', by });
    });
  }

  async approval(fingerprint: string): Promise<'held' | 'approved' | undefined> {
    return this.latest(fingerprint, ['held', 'approved'])?.state as 'held' | 'approved' | undefined;
  }

  /** Every record, oldest first (for `keyshift approve --list` and tests). */
  entries(): LedgerEntry[] {
    return this.read();
  }
}
