import { EventJob } from '../src/queue/schemas.ts';
import { routeEvent } from '../src/pipeline/events.ts';
import type { Pipeline } from '../src/pipeline/ports.ts';
import { processor } from './process.ts';

export const events = (p: Pipeline) => processor(EventJob, (e) => routeEvent(p, e));
