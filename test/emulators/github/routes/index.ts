// Every route the emulator serves, in one list.
import type { GithubEmulator } from '../index.ts';
import type { Router } from '../router.ts';
import * as auth from './auth.ts';
import * as apps from './apps.ts';
import * as actions from './actions.ts';
import * as checks from './checks.ts';
import * as gitData from './git-data.ts';
import * as pulls from './pulls.ts';
import * as secretScanning from './secret-scanning.ts';

export function registerRoutes(r: Router, emu: GithubEmulator): void {
  for (const m of [auth, apps, actions, checks, gitData, pulls, secretScanning]) m.register(r, emu);
}
