// Fast variant of the org-scan crash test (the 200-repository one is test/chaos/org-scan.chaos.test.ts).
import { describe, expect, it } from 'vitest';
import { orgScanCrash } from '../pipeline/org-scan-scenario.ts';

describe('org-scan with a worker killed mid-scan', () => {
  it('scans every repository, loses no finding, revokes no key twice (24 repositories)', async () => {
    const r = await orgScanCrash(24, 100_000);
    console.log(`org-scan: ${JSON.stringify(r)}`);
    expect(r.scanned).toBe(24);
    expect(r.findingsMissing).toBe(0);
    expect(r.inactive).toBe(r.keys);
    expect(r.revokedTwice).toBe(0);
    expect(r.ledgerDoneTwice).toBe(0);
    expect(r.sharedPlaces).toBe(3);
    expect(r.killedAtScanned).toBeLessThan(24);
  }, 150_000);
});
