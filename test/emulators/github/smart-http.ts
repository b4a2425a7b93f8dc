// Git smart HTTP through `git http-backend` (CGI), with GitHub's token auth:
// Basic `x-access-token:<token>` (or any user with a token as password).
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GithubEmulator } from './index.ts';
import type { Credential } from './state.ts';

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', ...(status === 401 ? { 'www-authenticate': 'Basic realm="GitHub"' } : {}) }).end(`${message}\n`);
}

function workflowsAllowed(c: Credential | undefined): boolean {
  if (!c) return false;
  if (c.kind === 'ghs') return c.permissions?.workflows === 'write';
  if (c.kind === 'ghp' || c.kind === 'gho') return c.scopes.includes('workflow');
  return true;
}

export async function serveGit(emu: GithubEmulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const m = /^\/([^/]+)\/([^/]+)\.git(\/.*)$/.exec(url.pathname)!;
  const repo = emu.state.repos.get(`${m[1]}/${m[2]}`);
  const write = url.searchParams.get('service') === 'git-receive-pack' || m[3] === '/git-receive-pack';
  const record = (status: number) => emu.requests.push({ method: req.method ?? 'GET', path: url.pathname, status, auth: req.headers.authorization ? 'basic' : 'none' });
  let login = '';
  const h = req.headers.authorization;
  let cred: Credential | undefined;
  if (h?.startsWith('Basic ')) {
    const [user = '', pass = ''] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
    cred = emu.state.live(pass || user);
    if (!cred) { record(401); req.resume(); return deny(res, 401, 'Invalid username or token.'); }
    cred.lastUsedAt = emu.state.now();
    login = cred.owner;
  }
  if (!repo || !emu.state.canAccess(cred, repo, false)) {
    record(cred || !repo ? 404 : 401);
    req.resume();
    return cred || !repo ? deny(res, 404, 'Repository not found.') : deny(res, 401, 'Authentication required.');
  }
  if (write && !emu.state.canAccess(cred, repo, true)) { record(403); req.resume(); return deny(res, 403, 'Permission denied.'); }
  const env: NodeJS.ProcessEnv = {
    ...process.env, GIT_PROJECT_ROOT: emu.reposDir, GIT_HTTP_EXPORT_ALL: '1', PATH_INFO: `/${m[1]}/${m[2]}.git${m[3]}`,
    REQUEST_METHOD: req.method ?? 'GET', QUERY_STRING: url.search.slice(1), CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: login || 'anonymous', EMU_WORKFLOWS_ALLOWED: workflowsAllowed(cred) ? '1' : '0', REMOTE_ADDR: '127.0.0.1', GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
    HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '', HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
  };
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  const cgi = spawn('git', ['http-backend'], { env });
  req.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) { res.write(chunk); return; }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
    if (end < 0) return;
    const sep = head[end] === 13 ? 4 : 2;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const i = line.indexOf(':');
      const k = line.slice(0, i).trim().toLowerCase();
      const v = line.slice(i + 1).trim();
      if (k === 'status') status = Number.parseInt(v, 10);
      else if (k) headers[k] = v;
    }
    headersDone = true;
    record(status);
    res.writeHead(status, headers);
    res.write(head.subarray(end + sep));
  });
  cgi.stderr.resume();
  cgi.on('close', () => { if (!headersDone) { record(500); res.writeHead(500).end(); } else res.end(); });
}
