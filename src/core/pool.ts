// A pool of worker threads that scan files. Batches go to whichever worker has room; results come back
// by postMessage with their secrets, which are re-attached here (attachSecret) and never logged.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { attachSecret } from './secret.ts';
import type { Finding } from './types.ts';
import type { FileResult, FileUnit } from '../sources/files.ts';
import type { WorkerInit } from './pool-worker.ts';

const BOOTSTRAP = new URL('./pool-bootstrap.mjs', import.meta.url);
/** Batches in flight per worker: one being scanned, one queued, so a worker never waits on the walk. */
const IN_FLIGHT = 2;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { units: FileUnit[]; resolve: (r: FileResult[]) => void }>;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private waiters: (() => void)[] = [];

  constructor(size: number, init: WorkerInit) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(init));
  }

  get size(): number {
    return this.slots.length;
  }

  private spawn(init: WorkerInit): Slot {
    const worker = new Worker(BOOTSTRAP, { workerData: init, stdout: false, stderr: false });
    const slot: Slot = { worker, pending: new Map(), ready: Promise.resolve() };
    slot.ready = new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (msg: { ready?: true; id?: number; results?: (FileResult & { secrets: string[] })[] }) => {
        if (msg.ready) return resolve();
        const job = slot.pending.get(msg.id!);
        if (!job) return;
        slot.pending.delete(msg.id!);
        job.resolve(msg.results!.map(reattach));
        this.wake();
      });
    });
    // A worker that dies fails its batches as problems; the scan goes on with the others.
    worker.on('error', (err) => this.fail(slot, `worker failed: ${err.message.split('\n')[0]}`));
    worker.on('exit', (code) => code !== 0 && this.fail(slot, `worker exited with code ${code}`));
    return slot;
  }

  private fail(slot: Slot, reason: string): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const job of slot.pending.values()) job.resolve(job.units.map((u) => ({ path: u.path, bytes: 0, findings: [], problem: reason })));
    slot.pending.clear();
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves once every worker has its engine compiled (rejects if one cannot start). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Resolves when some worker has room for another batch (or none is left). */
  async room(): Promise<void> {
    while (this.slots.length > 0 && !this.slots.some((s) => s.pending.size < IN_FLIGHT)) {
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Send a batch to the least busy worker; resolves with its results. Call room() first to bound the queue. */
  send(units: FileUnit[]): Promise<FileResult[]> {
    if (this.slots.length === 0) return Promise.resolve(units.map((u) => ({ path: u.path, bytes: 0, findings: [], problem: 'no scan worker left' })));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.pending.set(id, { units, resolve });
      slot.worker.postMessage({ id, units });
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

function reattach(r: FileResult & { secrets: string[] }): FileResult {
  const { secrets, ...rest } = r;
  rest.findings.forEach((f: Finding, i) => attachSecret(f, secrets[i]!));
  return rest;
}
