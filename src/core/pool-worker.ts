// Worker thread: builds the engine from plain detector data, scans the files it is sent, posts results.
// Secrets travel back with their findings (same process) and are re-attached by the pool; never logged.
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, type EngineOptions } from './engine.ts';
import { secretOf } from './secret.ts';
import { scanFile, type FileScanOptions, type FileUnit } from '../sources/files.ts';
import type { Detector } from './types.ts';
import { loadTextScanner, type TextScannerRef } from './scan-hook.ts';

export interface WorkerInit {
  detectors: Detector[];
  options: EngineOptions;
  files: FileScanOptions;
  text?: TextScannerRef;
}

const init = workerData as WorkerInit;
// The main thread compiled (validated) every pattern already; here each compiles on first use.
const engine = new Engine(init.detectors, { ...init.options, lazy: true });
const text = init.text ? await loadTextScanner(init.text) : undefined;

parentPort!.on('message', (msg: { id: number; units: FileUnit[] }) => {
  const results = msg.units.map((u) => {
    const r = scanFile(engine, u, init.files, text);
    return { ...r, secrets: r.findings.map((f) => secretOf(f) ?? '') };
  });
  parentPort!.postMessage({ id: msg.id, results });
});
parentPort!.postMessage({ ready: true });
