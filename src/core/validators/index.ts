// Offline validators, referenced by name from detectors/<id>/rule.yml (`validate:`).
import type { Validation } from '../types.ts';
import { crc32Base62 } from './crc32-base62.ts';

export type Validator = (secret: string, groups: Record<string, string>) => Validation;

export const validators: Record<string, Validator> = {
  'crc32-base62': (s) => crc32Base62(s),
};
