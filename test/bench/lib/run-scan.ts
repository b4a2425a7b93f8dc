// Runs scanTree (the engine's API, worker pool included) on a directory and prints the CLI's JSON shape.
import { scanTree } from '../../../src/core/scan.ts';

const report = await scanTree(process.argv[2]!);
process.stdout.write(JSON.stringify({ findings: report.findings, stats: report.stats }) + '\n');
process.exitCode = report.findings.length > 0 ? 1 : 0;
