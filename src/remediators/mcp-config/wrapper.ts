// Start-up wrapper for MCP clients without interpolation (Claude Desktop, Cline, Zed): reads each
// credential when the server starts (environment, else the OS keychain), then execs the server.

const shq = (s: string) => `'${s.split("'").join(`'\\''`)}'`;
const dq = (s: string) => s.replace(/[\\"$`]/g, (c) => '\\' + c);

export interface WrapperSpec {
  server: string;
  command: string;
  args: string[];
  /** Env names the server needs; an arg holding a secret is given as { arg index, name, before, after }. */
  envs: string[];
  argRefs: { index: number; name: string; before: string; after: string }[];
}

export function safeName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'server';
}

export function wrapperScript(w: WrapperSpec): string {
  const service = `mcp-${safeName(w.server)}`;
  const names = [...new Set([...w.envs, ...w.argRefs.map((a) => a.name)])].sort();
  const reads = names.map((n) => `${n}="\${${n}:-}"
if [ -z "$${n}" ]; then
  if command -v security >/dev/null 2>&1; then ${n}=$(security find-generic-password -s ${service} -a ${n} -w)
  elif command -v secret-tool >/dev/null 2>&1; then ${n}=$(secret-tool lookup service ${service} account ${n})
  else echo "${service}: set ${n} or store it in the OS keychain (service ${service}, account ${n})" >&2; exit 1
  fi
fi
export ${n}`);
  const args = w.args.map((a, i) => {
    const r = w.argRefs.find((x) => x.index === i);
    return r ? `"${dq(r.before)}\${${r.name}}${dq(r.after)}"` : shq(a);
  });
  return `#!/bin/sh
# keyshift: starts the "${safeName(w.server)}" MCP server with its credentials read at start-up, never stored
# in the client config. Order: the environment, then the OS keychain (macOS \`security\`,
# Linux \`secret-tool\`). Store one with:
#   macOS:  security add-generic-password -s ${service} -a <NAME> -w
#   Linux:  secret-tool store --label=${service} service ${service} account <NAME>
set -eu
${reads.join('\n')}
exec ${[shq(w.command), ...args].join(' ')} "$@"
`;
}
