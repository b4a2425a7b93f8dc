import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import { scanText, LITERAL_DETECTOR } from '../../src/sources/text.ts';
import { agentConfigChunks, classifyConfig } from '../../src/sources/agent-config.ts';
import type { Finding } from '../../src/core/types.ts';
import { fresh, plant, fakeAws } from '../cli/fakes.ts';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'agent-configs');
const engine = new Engine(loadCatalog());
// Only the GitHub PAT detector: what the source itself finds (literals, pointers, lifetimes), whatever
// other detectors come to exist.
const narrow = new Engine(loadCatalog().filter((d) => d.id === 'github-pat-classic'));

interface Case {
  file: string; // under FIX; the part after the first folder is the path the client reads
  client: string;
  ghp: string;
  rand: string;
  refs: string[];
  placeholders: string[];
  aws: string;
}

const CASES: Case[] = [
  { file: 'claude-desktop/claude_desktop_config.json', client: 'claude-desktop', ghp: '/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/mcpServers/github/env/SEARCH_API_KEY', refs: ['/mcpServers/github/env/BACKUP_TOKEN'], placeholders: ['/mcpServers/github/env/SLACK_BOT_TOKEN'], aws: '/mcpServers/aws/env' },
  { file: 'claude-code/.mcp.json', client: 'claude-code', ghp: '/mcpServers/github/headers/Authorization', rand: '/mcpServers/search/args/3', refs: ['/mcpServers/github/headers/X-Backup', '/mcpServers/search/env/SEARCH_API_KEY'], placeholders: ['/mcpServers/search/env/OTHER_TOKEN'], aws: '/mcpServers/aws/env' },
  { file: 'claude-code/user/.claude.json', client: 'claude-code', ghp: '/projects/~1home~1dev~1app/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/projects/~1home~1dev~1app/mcpServers/github/env/API_KEY', refs: ['/mcpServers/linear/headers/Authorization'], placeholders: ['/projects/~1home~1dev~1app/mcpServers/github/env/DB_PASSWORD'], aws: '/projects/~1home~1dev~1app/mcpServers/aws/env' },
  { file: 'cursor/.cursor/mcp.json', client: 'cursor', ghp: '/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/mcpServers/remote/headers/x-api-key', refs: ['/mcpServers/github/env/FALLBACK_TOKEN', '/mcpServers/github/envFile'], placeholders: ['/mcpServers/remote/headers/x-other-key'], aws: '/mcpServers/aws/env' },
  { file: 'vscode/.vscode/mcp.json', client: 'vscode', ghp: '/servers/legacy/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/servers/legacy/env/NOTION_API_KEY', refs: ['/servers/github/headers/Authorization', '/inputs/0/id', '/servers/legacy/envFile'], placeholders: ['/servers/legacy/env/JIRA_TOKEN'], aws: '/servers/aws/env' },
  { file: 'windsurf/mcp_config.json', client: 'windsurf', ghp: '/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/mcpServers/remote/headers/API_KEY', refs: ['/mcpServers/remote/headers/Authorization'], placeholders: ['/mcpServers/remote/headers/X-Token'], aws: '/mcpServers/aws/env' },
  { file: 'cline/cline_mcp_settings.json', client: 'cline', ghp: '/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/mcpServers/github/env/BRAVE_API_KEY', refs: ['/mcpServers/github/env/REF_TOKEN'], placeholders: ['/mcpServers/github/env/OTHER_SECRET'], aws: '/mcpServers/aws/env' },
  { file: 'continue/.continue/config.yaml', client: 'continue', ghp: '/mcpServers/0/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/mcpServers/0/env/SEARCH_API_KEY', refs: ['/mcpServers/0/env/BACKUP_TOKEN'], placeholders: ['/mcpServers/0/env/OTHER_TOKEN'], aws: '/mcpServers/1/env' },
  { file: 'zed/.zed/settings.json', client: 'zed', ghp: '/context_servers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/context_servers/github/env/EXA_API_KEY', refs: ['/context_servers/remote/headers/Authorization'], placeholders: ['/context_servers/github/env/PLACEHOLDER_TOKEN'], aws: '/context_servers/aws/env' },
  { file: 'gemini/.gemini/settings.json', client: 'gemini-cli', ghp: '/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/mcpServers/remote/headers/Authorization', refs: ['/mcpServers/github/env/REF_TOKEN'], placeholders: ['/mcpServers/remote/headers/X-Api-Key'], aws: '/mcpServers/aws/env' },
  { file: 'codex/.codex/config.toml', client: 'codex', ghp: '/mcp_servers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', rand: '/mcp_servers/remote/http_headers/X-Api-Key', refs: ['/mcp_servers/remote/bearer_token_env_var', '/mcp_servers/github/env_vars/0', '/mcp_servers/remote/env_http_headers/X-Other-Key'], placeholders: ['/mcp_servers/github/env/PLACEHOLDER_TOKEN'], aws: '/mcp_servers/aws/env' },
  { file: 'workflow/.github/workflows/deploy.yml', client: 'github-workflow', ghp: '/jobs/deploy/env/GH_TOKEN', rand: '/jobs/deploy/env/DEPLOY_API_KEY', refs: ['/jobs/deploy/env/NPM_TOKEN'], placeholders: ['/jobs/deploy/env/OTHER_TOKEN'], aws: '/jobs/deploy/steps/1/env' },
  { file: 'dotenv/.env', client: 'dotenv', ghp: '/GITHUB_TOKEN', rand: '/SERPER_API_KEY', refs: ['/TAVILY_API_KEY'], placeholders: ['/OPENAI_API_KEY'], aws: '' },
  { file: 'crewai/config/agents.yaml', client: 'crewai', ghp: '/researcher/llm/github_token', rand: '/researcher/llm/api_key', refs: ['/researcher/llm/backup_key'], placeholders: ['/researcher/llm/other_key'], aws: '/researcher/aws' },
  { file: 'autogen/OAI_CONFIG_LIST', client: 'autogen', ghp: '/0/github_token', rand: '/0/api_key', refs: ['/1/api_key'], placeholders: ['/2/api_key'], aws: '/3/aws' },
];

function position(text: string, value: string): { line: number; column: number } {
  const i = text.indexOf(value);
  expect(i, `value planted once`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(value, i + 1)).toBe(-1);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function at(findings: Finding[], pointer: string): Finding[] {
  return findings.filter((f) => f.config?.pointer === pointer);
}

describe('agent configs: every client format', () => {
  for (const c of CASES) {
    const rel = c.file.split('/').slice(1).join('/');
    it(`${c.client}: ${rel}`, () => {
      expect(classifyConfig(rel)?.client).toBe(c.client);
      const planted = fresh();
      const text = plant(readFileSync(join(FIX, c.file), 'utf8'), planted);
      const { findings } = scanText(text, { source: 'file', path: rel }, { engine: narrow });

      // Known-format literal, at its exact pointer, line and column, once.
      const gh = at(findings, c.ghp);
      expect(gh.map((f) => f.detector)).toEqual(['github-pat-classic']);
      expect(gh[0]).toMatchObject({ ...position(text, planted.ghp), lifetime: 'static', validated: true, config: { client: c.client, pointer: c.ghp } });
      expect(findings.filter((f) => f.detector === 'github-pat-classic')).toHaveLength(1);

      // Unknown-format random literal under a credential-like key.
      const lit = at(findings, c.rand);
      expect(lit.map((f) => f.detector)).toEqual([LITERAL_DETECTOR]);
      expect(lit[0]).toMatchObject({ ...position(text, planted.rand), lifetime: 'static', config: { client: c.client, pointer: c.rand } });

      // References and placeholders are never findings.
      for (const p of [...c.refs, ...c.placeholders]) expect(at(findings, p), p).toEqual([]);

      // Temporary AWS credentials (ASIA + session token) are ephemeral.
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
        const fs = at(findings, `${c.aws}/${k}`);
        expect(fs.length, `${c.aws}/${k}`).toBe(1);
        expect(fs[0]!.lifetime, `${c.aws}/${k}`).toBe('ephemeral');
      }
      // Nothing else, and no finding serialises a secret.
      expect(findings).toHaveLength(5);
      const values = [planted.ghp, planted.rand, planted.aws.id, planted.aws.secret, planted.aws.session];
      const json = JSON.stringify(findings);
      for (const v of values) expect(json.includes(v)).toBe(false);
    });

    it(`${c.client}: ${rel} with every detector: one finding per planted value, each at its pointer`, () => {
      const planted = fresh();
      const text = plant(readFileSync(join(FIX, c.file), 'utf8'), planted);
      const { findings } = scanText(text, { source: 'file', path: rel }, { engine });
      const expected = [c.ghp, c.rand, `${c.aws}/AWS_ACCESS_KEY_ID`, `${c.aws}/AWS_SECRET_ACCESS_KEY`, `${c.aws}/AWS_SESSION_TOKEN`];
      expect(findings.map((f) => f.config?.pointer).sort()).toEqual([...expected].sort());
      expect(at(findings, c.ghp)[0]).toMatchObject({ detector: 'github-pat-classic', ...position(text, planted.ghp) });
      expect(at(findings, c.rand)[0]).toMatchObject(position(text, planted.rand));
      for (const p of expected.slice(2)) expect(at(findings, p)[0]!.lifetime, p).toBe('ephemeral');
    });
  }

  it('long-lived AWS keys (AKIA, no session token) are static', () => {
    const aws = fakeAws('AKIA');
    const text = `AWS_ACCESS_KEY_ID=${aws.id}\nAWS_SECRET_ACCESS_KEY=${aws.secret}\n`;
    const { findings } = scanText(text, { source: 'file', path: '.env' }, { engine });
    expect(at(findings, '/AWS_SECRET_ACCESS_KEY').map((f) => f.lifetime)).toEqual(['static']);
    expect(at(findings, '/AWS_ACCESS_KEY_ID').every((f) => f.lifetime === 'static')).toBe(true);
  });

  it('a low-entropy value under a credential key is not a literal finding', () => {
    const text = '{"mcpServers":{"a":{"env":{"API_KEY":"aaaaaaaaaaaaaaaaaaaaaaaa1","TOKEN_NAME":"GITHUB_PERSONAL_ACCESS_TOKEN"}}}}';
    expect(scanText(text, { source: 'file', path: '.mcp.json' }, { engine }).findings).toEqual([]);
  });

  it('a random value under a non-credential key is not a literal finding', () => {
    const text = `{"mcpServers":{"a":{"env":{"REGION_ID":"Rk2Jd9QmZx7LpW3vNc8TbY4"}}}}`;
    expect(scanText(text, { source: 'file', path: '.mcp.json' }, { engine }).findings).toEqual([]);
  });

  it('agentConfigChunks gives one chunk per string value with pointer and position', () => {
    const text = '{\n  "servers": {\n    "x": { "url": "https://h/mcp", "headers": { "a/b~c": "v" } }\n  }\n}\n';
    const cc = agentConfigChunks('.vscode/mcp.json', text)!;
    const line3 = text.split('\n')[2]!;
    expect(cc.chunks.map((c) => [c.origin.config?.pointer, c.data, c.lineOffset, (c.columnOffset ?? 0) + 1])).toEqual([
      ['/servers/x/url', 'https://h/mcp', 3, line3.indexOf('https://h/mcp') + 1],
      ['/servers/x/headers/a~1b~0c', 'v', 3, line3.indexOf('"v"') + 2],
    ]);
    expect(agentConfigChunks('src/index.ts', text)).toBeUndefined();
  });

  it('a config that does not parse is scanned as plain text and reported', () => {
    const planted = fresh();
    const text = `mcpServers: [\n  token: ${planted.ghp}\n  : : bad`;
    const r = scanText(text, { source: 'file', path: '.continue/config.yaml' }, { engine });
    expect(r.problem).toMatch(/plain text/);
    expect(r.findings.map((f) => f.detector)).toContain('github-pat-classic');
    expect(r.problem!.includes(planted.ghp)).toBe(false);
  });
});
