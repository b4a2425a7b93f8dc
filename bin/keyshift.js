#!/usr/bin/env node
// Entry point: TypeScript sources run through tsx, so a checkout works right after `npm ci`.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
