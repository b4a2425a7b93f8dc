// The fast subset of `npm run test:chaos` for the normal suite: hostile input (without the
// multi-hundred-MB archive and file cases) and issuer/GitHub faults (without the pipeline run).
// The fuzz scenarios run here too, from test/fuzz. The full suite: `npm run test:chaos`.
process.env.KEYSHIFT_CHAOS_FAST = '1';
await import('../chaos/hostile.chaos.test.ts');
await import('../chaos/faults.chaos.test.ts');
