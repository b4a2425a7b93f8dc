// Scenarios record their measured figures on the test; the chaos reporter prints them.
import type { TestContext } from 'vitest';

declare module '@vitest/runner' {
  interface TaskMeta {
    figures?: string;
  }
}

export function record(ctx: TestContext, figures: Record<string, string | number>): void {
  ctx.task.meta.figures = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
