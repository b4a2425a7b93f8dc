// A per-file text scanner for the scanTree hook test: drops findings on lines containing the marker.
import type { TextScanner } from '../../src/sources/files.ts';

export function makeMarkerFilter(options: { marker: string }): TextScanner {
  return (engine, data, origin) => {
    const lines = data.toString('utf8').split('\n');
    const all = engine.scanBuffer(data, origin);
    const findings = all.filter((f) => !lines[f.line - 1]!.includes(options.marker));
    return { findings, suppressed: all.length - findings.length, ...(origin.path.endsWith('.json') ? { problem: 'json seen' } : {}) };
  };
}

/** Ends its worker thread on a file whose name contains `crash`, to test the pool's recovery. */
export function makeCrasher(): TextScanner {
  return (engine, data, origin) => {
    if (origin.path.includes('crash')) process.exit(3);
    return { findings: engine.scanBuffer(data, origin) };
  };
}
