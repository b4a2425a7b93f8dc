// Scenario 5: the fuzz suite (test/fuzz, also run by `npm test`) counted as chaos scenarios, with
// more runs per property here.
import { beforeEach } from 'vitest';
import { record } from './figures.ts';

process.env.KEYSHIFT_FUZZ_RUNS ??= '300';
beforeEach((ctx) => {
  if (!ctx.task.name.includes('adversarial')) record(ctx, { runsPerProperty: Number(process.env.KEYSHIFT_FUZZ_RUNS) });
});
await import('../fuzz/parsers.test.ts');
await import('../fuzz/decoders.test.ts');
await import('../fuzz/webhooks.test.ts');
await import('../fuzz/archives.test.ts');
