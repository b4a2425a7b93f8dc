import { RemediateJob } from '../src/queue/schemas.ts';
import { runRemediate } from '../src/pipeline/remediate.ts';
import type { Pipeline } from '../src/pipeline/ports.ts';
import { processor } from './process.ts';

export const remediate = (p: Pipeline) => processor(RemediateJob, (j) => runRemediate(p, j));
