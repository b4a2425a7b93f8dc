// Issuer registry: built-in issuers by id, aliases used by detector rules, and configured internal (partner) issuers.
import type { Issuer, IssuerContext } from './types.ts';
import { issuerSetting, issuerUrl, type IssuersConfig } from './config.ts';
import { IssuerHttp } from './http.ts';
import { RateLimiter } from './ratelimit.ts';
import { github } from './github/index.ts';
import { aws } from './aws/index.ts';
import { gitlab } from './gitlab/index.ts';
import { slack } from './slack/index.ts';
import { openai } from './openai/index.ts';
import { anthropic } from './anthropic/index.ts';
import { npm } from './npm/index.ts';
import { gcp } from './gcp/index.ts';
import { huggingface } from './huggingface/index.ts';
import { stripe } from './stripe/index.ts';
import { partnerIssuer } from './partner/index.ts';
import { UsageError } from '../core/errors.ts';

export type { Issuer, IssuerContext, Credential, VerifyResult, RevokeResult } from './types.ts';

export const builtins: Issuer[] = [github, aws, gitlab, slack, openai, anthropic, npm, gcp, huggingface, stripe];

/** Names detector rules may use in `issuer:` for a built-in issuer. */
const ALIASES: Record<string, string> = {
  google: 'gcp',
  'google-cloud': 'gcp',
  gcloud: 'gcp',
  'hugging-face': 'huggingface',
  hf: 'huggingface',
  amazon: 'aws',
  'amazon-web-services': 'aws',
};

export interface RegistryOptions {
  timeoutMs?: number;
  maxWaitMs?: number;
  env?: NodeJS.ProcessEnv;
}

export class IssuerRegistry {
  private readonly byId = new Map<string, Issuer>();
  private readonly contexts = new Map<string, IssuerContext>();

  constructor(
    private readonly cfg: IssuersConfig = {},
    private readonly opts: RegistryOptions = {},
  ) {
    for (const i of builtins) this.byId.set(i.id, i);
    for (const [id, c] of Object.entries(cfg)) {
      if (c?.protocol === 'partner') {
        if (this.byId.has(id)) throw new UsageError(`issuers.${id}: a built-in issuer cannot be a partner issuer`);
        if (!c.url) throw new UsageError(`issuers.${id}: a partner issuer needs url`);
        this.byId.set(id, partnerIssuer(id));
      }
    }
  }

  /** The issuer for a detector's `issuer:` value, if keyshift knows how to reach it. */
  get(name: string | undefined): Issuer | undefined {
    if (!name) return undefined;
    const id = name.toLowerCase();
    return this.byId.get(ALIASES[id] ?? id);
  }

  /** One context per issuer: configured URL, an HTTP client bound to it, one rate limiter. */
  context(issuer: Issuer): IssuerContext {
    let ctx = this.contexts.get(issuer.id);
    if (ctx) return ctx;
    const env = this.opts.env ?? process.env;
    const baseUrl = issuerUrl(issuer.id, issuer.defaultUrl || 'https://invalid.invalid', this.cfg, env);
    const limiter = new RateLimiter(issuer.id, { ...issuer.rate, maxWaitMs: this.opts.maxWaitMs ?? 30_000 });
    const timeoutMs = Number(issuerSetting(issuer.id, 'timeoutMs', this.cfg, env) ?? this.opts.timeoutMs ?? 10_000);
    ctx = {
      baseUrl,
      http: new IssuerHttp(issuer.id, baseUrl, { timeoutMs, limiter }),
      setting: (name) => issuerSetting(issuer.id, name, this.cfg, env),
    };
    this.contexts.set(issuer.id, ctx);
    return ctx;
  }
}
