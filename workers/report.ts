import { ReportJob } from '../src/queue/schemas.ts';
import { runReport } from '../src/pipeline/report.ts';
import type { Pipeline } from '../src/pipeline/ports.ts';
import { processor } from './process.ts';

export const report = (p: Pipeline) => processor(ReportJob, (j) => runReport(p, j));
