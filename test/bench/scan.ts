// npm run bench [-- --rounds N] : keyshift scan vs ripgrep on ~200 MB of pinned third-party npm code.
// Alternates the tools, takes medians, prints MB/s, ratio, keyshift peak RSS, and findings by detector.
import { writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../../src/core/catalog.ts';
import { profileEngine } from './lib/profile.ts';
import { ensureCorpus, measure, PACKAGES } from './lib/corpus.ts';
import { median, timed, which } from './lib/timed.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;
const log = (s: string) => process.stdout.write(`${s}\n`);

const rg = which('rg');
if (!rg) {
  process.stderr.write('bench: ripgrep (rg) not found; install it with: sudo apt-get install -y ripgrep\n');
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  process.stderr.write('bench: /usr/bin/time not found (peak RSS); install it with: sudo apt-get install -y time\n');
  process.exit(2);
}

const corpus = ensureCorpus(ROOT, log);
const { bytes, files } = measure(corpus);
const mb = bytes / 1e6;
const catalog = loadCatalog();
const keywords = [...new Set(catalog.flatMap((d) => d.keywords))].sort();
const kwFile = join(ROOT, '.bench', 'keywords.txt');
writeFileSync(kwFile, keywords.join('\n') + '\n');
const rel = (p: string) => relative(process.cwd(), p) || '.';

const tools = {
  keyshift: { cmd: process.execPath, args: [join(ROOT, 'bin', 'keyshift.js'), 'scan', rel(corpus), '--format', 'json'] },
  'scanTree API': { cmd: process.execPath, args: ['--import', 'tsx', join(ROOT, 'test', 'bench', 'lib', 'run-scan.ts'), rel(corpus)] },
  rg: { cmd: rg, args: ['-c', '-i', '-F', '-f', rel(kwFile), '--no-ignore', '--hidden', rel(corpus)] },
};

log(`corpus: ${mb.toFixed(1)} MB, ${files} files from ${PACKAGES.length} pinned npm packages in ${rel(corpus)}`);
log(`detectors: ${catalog.length}, distinct keywords: ${keywords.length}`);
for (const [name, t] of Object.entries(tools)) log(`${name.padEnd(13)}: ${t.cmd === rg ? 'rg' : 'node'} ${t.args.join(' ')}`);
log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

const secs: Record<string, number[]> = { keyshift: [], 'scanTree API': [], rg: [] };
const rss: Record<string, number[]> = { keyshift: [], 'scanTree API': [], rg: [] };
const cpu: Record<string, number[]> = { keyshift: [], 'scanTree API': [], rg: [] };
let last: string | undefined;
for (let r = 1; r <= rounds; r++) {
  const line: string[] = [];
  // Alternate the order each round so neither tool always runs on a warmer cache.
  const order = r % 2 ? Object.keys(tools) : Object.keys(tools).reverse();
  for (const name of order) {
    const t = tools[name as keyof typeof tools];
    const res = timed(t.cmd, t.args);
    secs[name]!.push(res.seconds);
    rss[name]!.push(res.peakRssMb);
    cpu[name]!.push(res.cpuSeconds);
    if (name === 'keyshift') last = res.stdout;
    line.push(`${name} ${res.seconds.toFixed(2)} s (${(mb / res.seconds).toFixed(0)} MB/s, cpu ${res.cpuSeconds.toFixed(2)} s, ${res.peakRssMb.toFixed(0)} MB)`);
  }
  log(`round ${r}: ${line.join(', ')}`);
}

const rate = (name: string) => mb / median(secs[name]!);
log(`median MB/s: keyshift ${rate('keyshift').toFixed(1)}, scanTree API ${rate('scanTree API').toFixed(1)}, rg ${rate('rg').toFixed(1)}`);
log(`ratio keyshift/rg: ${(rate('keyshift') / rate('rg')).toFixed(2)} (scanTree API/rg: ${(rate('scanTree API') / rate('rg')).toFixed(2)}; target >= 0.25)`);
const perCpu = (name: string) => mb / median(cpu[name]!);
log(`median MB per CPU-second (less sensitive to a busy machine): keyshift ${perCpu('keyshift').toFixed(1)}, scanTree API ${perCpu('scanTree API').toFixed(1)}, rg ${perCpu('rg').toFixed(1)}`);
log(`keyshift peak RSS: ${Math.max(...rss.keyshift!).toFixed(0)} MB (scanTree API ${Math.max(...rss['scanTree API']!).toFixed(0)} MB; target < 1024 MB)`);

const report = JSON.parse(last ?? '{}') as { findings?: { detector: string; path: string; line: number; redacted: string }[] };
const by = new Map<string, { n: number; sample: string }>();
for (const f of report.findings ?? []) {
  const e = by.get(f.detector) ?? { n: 0, sample: `${f.path}:${f.line} ${f.redacted}` };
  e.n++;
  by.set(f.detector, e);
}
log(`findings by detector (${report.findings?.length ?? 0} total; review for false alarms):`);
for (const [d, e] of [...by].sort((a, b) => b[1].n - a[1].n)) log(`  ${String(e.n).padStart(6)}  ${d.padEnd(36)} e.g. ${e.sample}`);

// Where the engine's time goes, single-threaded over the same files: the detectors worth tuning.
const prof = profileEngine(corpus, catalog);
log(`engine cost centres, one thread (${prof.mbPerCpuSecond.toFixed(1)} MB per CPU-second; decoders include scanning decoded text):`);
for (const [k, ms] of prof.top) log(`  ${((100 * ms) / prof.totalMs).toFixed(1).padStart(5)}%  ${k}`);
