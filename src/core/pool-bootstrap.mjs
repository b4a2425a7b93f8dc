// Worker entry: registers tsx in this thread so the TypeScript worker module loads (CLI and vitest alike).
import { register } from 'tsx/esm/api';

register();
await import('./pool-worker.ts');
