// 200 emulated repositories, two worker processes, one SIGKILLed mid-scan and restarted.
import { expect, it } from 'vitest';
import { orgScanCrash } from '../pipeline/org-scan-scenario.ts';
import { record } from './figures.ts';

it('org-scan: 200 repositories, a worker SIGKILLed mid-scan', async (ctx) => {
  const r = await orgScanCrash(200, 90_000);
  record(ctx, { repos: r.repos, scanned: r.scanned, keys: r.keys, inactive: r.inactive, findingsMissing: r.findingsMissing, revokedTwice: r.revokedTwice, killedAt: r.killedAtScanned, activeAtKill: r.activeAtKill, seconds: r.seconds.toFixed(1) });
  expect(r.scanned).toBe(200);
  expect(r.findingsMissing).toBe(0);
  expect(r.inactive).toBe(r.keys);
  expect(r.revokedTwice).toBe(0);
  expect(r.ledgerDoneTwice).toBe(0);
  expect(r.sharedPlaces).toBe(20);
});
