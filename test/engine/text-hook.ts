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
