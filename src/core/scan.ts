// Scan a directory tree with the engine and collect a report.
import { Engine } from './engine.ts';
import { loadCatalog } from './catalog.ts';
import { describe } from './errors.ts';
import type { ScanReport } from './types.ts';
import { walk, fileChunk } from '../sources/files.ts';

export async function scanTree(root: string, engine = new Engine(loadCatalog())): Promise<ScanReport> {
  const t0 = performance.now();
  const report: ScanReport = {
    findings: [],
    stats: { files: 0, bytes: 0, skipped: 0, errors: 0, findings: 0, durationMs: 0 },
    problems: [],
  };
  for await (const unit of walk(root)) {
    try {
      const chunk = await fileChunk(unit);
      if (!chunk) {
        report.stats.skipped++;
        continue;
      }
      report.stats.files++;
      report.stats.bytes += unit.size;
      report.findings.push(...engine.scan(chunk));
    } catch (err) {
      report.stats.errors++;
      report.problems.push({ path: unit.path, reason: describe(err) });
    }
  }
  report.stats.findings = report.findings.length;
  report.stats.durationMs = Math.round(performance.now() - t0);
  return report;
}
