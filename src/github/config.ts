// Where GitHub is: api.github.com unless configured (GitHub Enterprise Server, the emulator).
export const DEFAULT_GITHUB_URL = 'https://api.github.com';

/** API base URL from `KEYSHIFT_GITHUB_URL`, else api.github.com. Only an explicit setting changes it. */
export function githubBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.KEYSHIFT_GITHUB_URL?.trim();
  if (!v) return DEFAULT_GITHUB_URL;
  const u = new URL(v); // throws on garbage; callers map to UsageError
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`KEYSHIFT_GITHUB_URL must be http(s): ${u.protocol}`);
  return v.replace(/\/+$/, '');
}
