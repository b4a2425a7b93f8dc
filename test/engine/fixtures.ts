// Test detectors and fake credentials for the engine tests (generated, never real).
import type { Detector } from '../../src/core/types.ts';
import { makeCrc32Base62 } from '../../src/core/validators/crc32-base62.ts';

export const GITHUB: Detector = {
  id: 'github-pat-classic',
  name: 'GitHub personal access token (classic)',
  issuer: 'github',
  keywords: ['ghp_'],
  patterns: ['\\b(ghp_[A-Za-z0-9]{36})\\b'],
  validate: 'crc32-base62',
  lifetime: 'static',
  examples: [],
  negatives: [],
};

/** A keyword-near-token detector, like many service rules: the secret is group 1. */
export const ACME: Detector = {
  id: 'acme-api-key',
  name: 'Acme API key',
  keywords: ['acme'],
  patterns: ['(?i)\\bacme[\\w.-]{0,20}[\\s\'"]{0,3}(?:=|:)[\\s\'"]{0,5}([a-z0-9]{32})\\b'],
  lifetime: 'static',
  examples: [],
  negatives: [],
};

/** A multi-line secret: the whole match is the secret. */
export const PEM: Detector = {
  id: 'private-key',
  name: 'Private key',
  keywords: ['-----begin'],
  patterns: ['-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[A-Za-z0-9+/=\\s]{64,1000}-----END [A-Z ]{0,20}PRIVATE KEY-----'],
  lifetime: 'static',
  examples: [],
  negatives: [],
};

export const DETECTORS = [GITHUB, ACME, PEM];

export function fakeGithub(seed = 1): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let body = '';
  let x = seed * 7919;
  for (let i = 0; i < 30; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    body += chars[x % chars.length];
  }
  return makeCrc32Base62('ghp_', body);
}

export const ACME_KEY = 'q7w2e9r4t1y8u3i6o5p0a9s8d7f6g5h4';

export function fakePem(): string {
  const line = 'MIIEpAIBAAKCAQEA7bq9Zr3kVx2Lw8PqN4tY6uJmHc1sDfGhKlZxCvBnM0Q=';
  return ['-----BEGIN RSA PRIVATE KEY-----', line, line.split('').reverse().join(''), line, '-----END RSA PRIVATE KEY-----'].join('\n');
}
