import { EnumerateJob } from '../src/queue/schemas.ts';
import { runEnumerate } from '../src/pipeline/enumerate.ts';
import type { Pipeline } from '../src/pipeline/ports.ts';
import { processor } from './process.ts';

export const enumerate = (p: Pipeline) => processor(EnumerateJob, (j) => runEnumerate(p, j));
