// Offline validators, referenced by name from detectors/<id>/rule.yml (`validate:`).
// A validator returns { ok: false } to reject a match, { ok: true, facts? } when the format's own
// check passed, or undefined when the value carries nothing to check (the match stands, unvalidated).
import type { Validation } from '../types.ts';
import { crc32Base62 } from './crc32-base62.ts';
import { gitlabRoutable } from './gitlab-routable.ts';
import { awsKeyId, awsPair } from './aws-account.ts';
import { jwt, githubStateless } from './jwt.ts';
import { openaiMarker, pypiMacaroon } from './markers.ts';
import { bech32 } from './bech32.ts';
import { gitlabToken, grafanaLegacy, basicAuth, genericValue, githubToken, gcpServiceAccount } from './shapes.ts';

export type Validator = (secret: string, groups: Record<string, string>) => Validation | undefined;

export const validators: Record<string, Validator> = {
  'crc32-base62': (s) => crc32Base62(s),
  'gitlab-routable': (s) => gitlabRoutable(s),
  'aws-key-id': (s) => awsKeyId(s),
  'aws-pair': (s, g) => awsPair(s, g),
  jwt: (s) => jwt(s),
  'github-stateless': (s) => githubStateless(s),
  'openai-marker': (s) => openaiMarker(s),
  'pypi-macaroon': (s) => pypiMacaroon(s),
  bech32: (s) => bech32(s),
  'github-token': (s) => githubToken(s),
  'gitlab-token': (s) => gitlabToken(s),
  'grafana-legacy': (s) => grafanaLegacy(s),
  'basic-auth': (s) => basicAuth(s),
  'generic-value': (s) => genericValue(s),
  'gcp-service-account': (s, g) => gcpServiceAccount(s, g),
};
