// Organisation-wide findings and the reuse index, in Redis, keyed by fingerprint only.
// Per fingerprint: a hash of facts (detector, redacted preview, state...) and a hash of places
// (repo+path or repo+run+step -> where and when). A credential is "reused" when it was seen in
// two or more places or in files naming two different environments.
import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX } from '../queue/names.ts';
import { envOf, type Env } from './env.ts';

export type FindingState = 'open' | 'revoked' | 'pr-open' | 'fixed';
export const STATES: FindingState[] = ['open', 'revoked', 'pr-open', 'fixed'];

export interface Sighting {
  fingerprint: string;
  detector: string;
  name: string;
  issuer?: string;
  redacted: string;
  lifetime: string;
  /** GitHub owner (organisation or user) the place belongs to. */
  org: string;
  place: PlaceIn;
}

export interface PlaceIn {
  repo: string; // owner/name
  path: string;
  line?: number;
  commit?: string;
  runId?: number;
  step?: string;
  source: string;
  private?: boolean;
}

export interface StoredPlace extends PlaceIn {
  env?: Env;
  seenAt: string;
}

export interface StoredFinding {
  fingerprint: string;
  detector: string;
  name: string;
  issuer?: string;
  redacted: string;
  lifetime: string;
  state: FindingState;
  verification?: string;
  firstSeen: string;
  lastSeen: string;
  places: StoredPlace[];
  envs: Env[];
  reused: boolean;
}

export interface Reuse {
  places: number;
  envs: Env[];
  reused: boolean;
}

function placeKey(p: PlaceIn): string {
  return p.runId !== undefined ? `${p.repo}#run-${p.runId}#${p.step ?? ''}#${p.path}` : `${p.repo}#${p.path}`;
}

export function reuseOf(places: StoredPlace[]): Reuse {
  const envs = [...new Set(places.map((p) => p.env).filter((e): e is Env => !!e))].sort();
  return { places: places.length, envs, reused: places.length >= 2 || envs.length >= 2 };
}

export class FindingStore {
  private readonly k: string;

  constructor(private readonly redis: Redis, prefix = process.env.KEYSHIFT_QUEUE_PREFIX || DEFAULT_PREFIX) {
    this.k = `${prefix}:store`;
  }

  private f = (fp: string) => `${this.k}:f:${fp}`;
  private p = (fp: string) => `${this.k}:p:${fp}`;
  private org = (org: string) => `${this.k}:org:${org.toLowerCase()}`;

  /** Records one sighting; the first commit a place was seen in is kept. Returns the reuse verdict. */
  async record(s: Sighting): Promise<Reuse> {
    const now = new Date().toISOString();
    const key = placeKey(s.place);
    const env = envOf(s.place.step ? `${s.place.step}/${s.place.path}` : s.place.path);
    const place: StoredPlace = { ...s.place, ...(env ? { env } : {}), seenAt: now };
    const tx = this.redis.multi();
    tx.hsetnx(this.f(s.fingerprint), 'firstSeen', now);
    tx.hsetnx(this.f(s.fingerprint), 'state', 'open');
    tx.hset(this.f(s.fingerprint), {
      detector: s.detector,
      name: s.name,
      redacted: s.redacted,
      lifetime: s.lifetime,
      lastSeen: now,
      ...(s.issuer ? { issuer: s.issuer } : {}),
    });
    tx.hsetnx(this.p(s.fingerprint), key, JSON.stringify(place));
    tx.sadd(this.org(s.org), s.fingerprint);
    tx.hvals(this.p(s.fingerprint));
    const res = await tx.exec();
    const vals = (res?.at(-1)?.[1] ?? []) as string[];
    return reuseOf(vals.map((v) => JSON.parse(v) as StoredPlace));
  }

  async reuse(fp: string): Promise<Reuse> {
    const vals = await this.redis.hvals(this.p(fp));
    return reuseOf(vals.map((v) => JSON.parse(v) as StoredPlace));
  }

  async setState(fp: string, state: FindingState): Promise<void> {
    await this.redis.hset(this.f(fp), 'state', state);
  }

  async setVerification(fp: string, status: string): Promise<void> {
    await this.redis.hset(this.f(fp), 'verification', status);
  }

  async get(fp: string): Promise<StoredFinding | undefined> {
    const [facts, places] = await Promise.all([this.redis.hgetall(this.f(fp)), this.redis.hvals(this.p(fp))]);
    if (!facts.detector) return undefined;
    const ps = places.map((v) => JSON.parse(v) as StoredPlace).sort((a, b) => a.seenAt.localeCompare(b.seenAt));
    const r = reuseOf(ps);
    return {
      fingerprint: fp,
      detector: facts.detector,
      name: facts.name ?? facts.detector,
      ...(facts.issuer ? { issuer: facts.issuer } : {}),
      redacted: facts.redacted ?? '',
      lifetime: facts.lifetime ?? 'unknown',
      state: (facts.state as FindingState) ?? 'open',
      ...(facts.verification ? { verification: facts.verification } : {}),
      firstSeen: facts.firstSeen ?? '',
      lastSeen: facts.lastSeen ?? '',
      places: ps,
      envs: r.envs,
      reused: r.reused,
    };
  }

  /** Every finding of an organisation, most recently seen first. */
  async list(org: string): Promise<StoredFinding[]> {
    const fps = await this.redis.smembers(this.org(org));
    const all = await Promise.all(fps.map((fp) => this.get(fp)));
    return all.filter((x): x is StoredFinding => !!x).sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  }

  async orgs(): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.k}:org:*`, 'COUNT', 500);
      cursor = next;
      out.push(...keys.map((k) => k.slice(`${this.k}:org:`.length)));
    } while (cursor !== '0');
    return out.sort();
  }

  /** Heads already scanned in a repository: the next push scans only what they do not reach. */
  async scannedTips(repoId: number): Promise<string[]> {
    return this.redis.smembers(`${this.k}:tips:${repoId}`);
  }

  async markScanned(repoId: number, sha: string): Promise<void> {
    await this.redis.sadd(`${this.k}:tips:${repoId}`, sha);
  }
}
