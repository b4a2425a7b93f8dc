// Org-scan with a worker SIGKILLed mid-scan and restarted. The suite runs 24 repositories;
// ORG_SCAN_REPOS=200 runs the full-size scenario (see README, pipeline section).
import { describe, expect, it } from 'vitest';
import { orgScanCrash } from '../pipeline/org-scan-scenario.ts';

const N = Number(process.env.ORG_SCAN_REPOS ?? 24);

describe('org-scan with a worker killed mid-scan', () => {
  it(`scans every repository, loses no finding, revokes no key twice (${N} repositories)`, async () => {
    const r = await orgScanCrash(N, N > 50 ? Number(process.env.ORG_SCAN_DEADLINE_MS ?? 400_000) : 100_000);
    console.log(`org-scan: ${JSON.stringify(r)}`);
    expect(r.scanned).toBe(N);
    expect(r.findingsMissing).toBe(0);
    expect(r.inactive).toBe(r.keys);
    expect(r.revokedTwice).toBe(0);
    expect(r.ledgerDoneTwice).toBe(0);
    expect(r.sharedPlaces).toBe(Math.ceil(N / 10));
    expect(r.killedAtScanned).toBeLessThan(N);
    expect(r.activeAtKill).toBeGreaterThan(0);
  }, N > 50 ? 700_000 : 150_000);
});
