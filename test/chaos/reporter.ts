// Prints `scenario | result | figures` for every chaos scenario and a last line
// `chaos: N scenarios, M passed`.
import type { Reporter, TestCase } from 'vitest/node';

export default class ChaosReporter implements Reporter {
  private rows: { name: string; state: string; figures: string }[] = [];

  onTestCaseResult(test: TestCase): void {
    const state = test.result().state;
    const meta = test.meta() as { figures?: string };
    this.rows.push({ name: test.fullName, state: state === 'passed' ? 'pass' : state, figures: meta.figures ?? '' });
  }

  onTestRunEnd(): void {
    const w = Math.max(8, ...this.rows.map((r) => r.name.length));
    const line = (a: string, b: string, c: string) => `${a.padEnd(w)} | ${b.padEnd(6)} | ${c}`;
    const out = [line('scenario', 'result', 'figures'), `${'-'.repeat(w)}-|--------|--------`];
    for (const r of this.rows) out.push(line(r.name, r.state, r.figures));
    const passed = this.rows.filter((r) => r.state === 'pass').length;
    out.push('', `chaos: ${this.rows.length} scenarios, ${passed} passed`);
    process.stdout.write(`\n${out.join('\n')}\n`);
  }
}
