import { ScanJob } from '../src/queue/schemas.ts';
import { runScan } from '../src/pipeline/scan.ts';
import type { Pipeline } from '../src/pipeline/ports.ts';
import { processor } from './process.ts';

export const scan = (p: Pipeline) => processor(ScanJob, (j, _job, signal) => runScan(p, j, signal));
