// Engine: prefilter picks detectors, positions in UTF-16 columns, windows over big buffers, decoders.
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/core/engine.ts';
import { secretOf } from '../src/core/secret.ts';
import { WINDOW } from '../src/core/engine-prefilter.ts';
import { ACME, ACME_KEY, DETECTORS, GITHUB, fakeGithub, fakePem } from './engine/fixtures.ts';

const engine = new Engine(DETECTORS, { fingerprintKey: 'test' });
const scan = (data: string, e = engine) => e.scan({ data, origin: { source: 'file', path: 'f.txt' } });

describe('engine', () => {
  it('finds a token and reports line, column, end, lifetime and validation', () => {
    const tok = fakeGithub();
    const [f, ...rest] = scan(`a\nbb TOKEN=${tok}\n`);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ detector: 'github-pat-classic', line: 2, column: 10, endLine: 2, endColumn: 50, validated: true, lifetime: 'static' });
    expect(secretOf(f!)).toBe(tok);
    expect(JSON.stringify(f)).not.toContain(tok);
  });

  it('counts columns in UTF-16 units after multi-byte characters', () => {
    const [f] = scan(`é😀 x=${fakeGithub()}`);
    expect(f).toMatchObject({ line: 1, column: 7 });
  });

  it('rejects a token whose checksum fails, and placeholders', () => {
    const tok = fakeGithub();
    const bad = tok.slice(0, -1) + (tok.endsWith('A') ? 'B' : 'A');
    expect(scan(bad)).toEqual([]);
    expect(scan('acme_key = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"')).toEqual([]);
  });

  it('runs a detector only where its keyword is: a key far from "acme" is not reported', () => {
    const near = `acme_key = "${ACME_KEY}"`;
    expect(scan(near).map((f) => f.detector)).toEqual(['acme-api-key']);
    // The pattern needs the keyword in the match anyway; here check the window plan by a keyword-free detector.
    const loose = new Engine([{ ...ACME, id: 'loose', keywords: ['zebra'], patterns: ['\\b([a-z0-9]{32})\\b'] }]);
    const far = `zebra\n${'x '.repeat(WINDOW * 3)}\n${ACME_KEY}\n`;
    expect(scan(far, loose)).toEqual([]);
    expect(scan(`zebra ${ACME_KEY}`, loose)).toHaveLength(1);
  });

  it('finds secrets deep inside a large buffer, with the right line, exactly once', () => {
    const filler = 'const x = 1; // padding line for the window planner\n'.repeat(5000);
    const toks = [fakeGithub(2), fakeGithub(3), fakeGithub(4)];
    const text = `${filler}a=${toks[0]}\n${filler}b=${toks[1]} c=${toks[2]}\n${filler}`;
    const fs = scan(text);
    expect(fs.map((f) => [f.line, f.column])).toEqual([
      [5001, 3],
      [10002, 3],
      [10002, 46],
    ]);
    expect(fs.map((f) => secretOf(f))).toEqual(toks);
  });

  it('finds a multi-line private key whole', () => {
    const [f] = scan(`x\n${fakePem()}\n`);
    expect(f).toMatchObject({ detector: 'private-key', line: 2, column: 1, endLine: 6 });
  });

  it('applies lineOffset and columnOffset of the chunk', () => {
    const [f] = engine.scan({ data: `x ${fakeGithub()}`, origin: { source: 'ci-log', path: 'log' }, lineOffset: 10, columnOffset: 4 });
    expect(f).toMatchObject({ line: 10, column: 7, source: 'ci-log' });
  });
});

describe('decoders', () => {
  const tok = fakeGithub(9);
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('base64: a Kubernetes Secret data value, reported at the encoded value', () => {
    const yaml = `apiVersion: v1\nkind: Secret\ndata:\n  token: ${b64(`GITHUB_TOKEN=${tok}`)}\n`;
    const [f, ...rest] = scan(yaml);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ detector: 'github-pat-classic', encoding: 'base64', line: 4, column: 10 });
    expect(secretOf(f!)).toBe(tok);
  });

  it('base64: .npmrc _auth (user:password) with a token as password', () => {
    const [f] = scan(`registry=https://r.example/\n_auth=${b64(`me:${tok}`)}\n`);
    expect(f).toMatchObject({ encoding: 'base64', line: 2, column: 7 });
  });

  it('hex: a hex-encoded token', () => {
    const [f] = scan(`value: ${Buffer.from(tok).toString('hex')}\n`);
    expect(f).toMatchObject({ encoding: 'hex', line: 1, column: 8 });
  });

  it('url: a percent-encoded assignment, located at the encoded key', () => {
    const [f] = scan(`GET /cb?cfg=acme_key%3D%22${ACME_KEY}%22 HTTP/1.1`);
    expect(f).toMatchObject({ detector: 'acme-api-key', encoding: 'url', line: 1, column: 27 });
  });

  it('escaped: JSON inside a log line, and a PEM key with \\n escapes', () => {
    const log = `2024-01-01 INFO {"msg":"cfg {\\"acme_key\\":\\"${ACME_KEY}\\"}"}\n`;
    const [f] = scan(log);
    expect(f).toMatchObject({ detector: 'acme-api-key', encoding: 'escaped', line: 1, column: log.indexOf(ACME_KEY) + 1 });
    const json = `{"type":"service_account","private_key":${JSON.stringify(fakePem())}}`;
    const [k] = scan(json);
    expect(k).toMatchObject({ detector: 'private-key', encoding: 'escaped', line: 1, column: json.indexOf('-----BEGIN') + 1 });
  });

  it('does not report a secret twice when it is visible raw and decoded at the same place', () => {
    const fs = scan(`{"log":"token \\"${tok}\\" used"}`);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.encoding).toBeUndefined();
  });

  it('decodes two levels (percent-encoded base64) but no deeper', () => {
    const inner = b64(`tk=${tok}`);
    const two = `GET /x?auth=${encodeURIComponent(inner)}&y=%20`;
    expect(two).toContain('%3D');
    expect(scan(two)).toMatchObject([{ encoding: 'base64', line: 1, column: two.indexOf('auth=') + 6 }]);
    expect(scan(`{"a":"${inner}\\n"}`)).toMatchObject([{ encoding: 'base64' }]);
    const three = b64(b64(b64(`t=${tok}`)));
    expect(scan(`v: ${three}`)).toEqual([]);
  });

  it('leaves identifiers and hashes alone', () => {
    const text = 'isPropertyAccessExpression getOwnPropertyDescriptors\nsha: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n';
    expect(scan(text)).toEqual([]);
  });

  it('can be turned off', () => {
    const e = new Engine([GITHUB], { decode: false });
    expect(scan(`token: ${b64(`x=${tok}`)}`, e)).toEqual([]);
  });
});
