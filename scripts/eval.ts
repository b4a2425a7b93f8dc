// Scores the full detector catalog on a labelled JSONL corpus (one example per line:
// {rule_id, rule_name, label: "positive"|"negative", text}). Each text is scanned on its own.
//   npm run eval -- <corpus.jsonl> [--all] [--misses]
// Recall counts a positive as found when it yields any finding. A negative counts against us when
// it is flagged by a detector of its own credential type (RULE_MAP); any finding is shown too.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import RE2 from 're2';
import { loadCatalog } from '../src/core/catalog.ts';
import { Engine } from '../src/core/engine.ts';
import { isPlaceholder } from '../src/core/placeholder.ts';
import { validators } from '../src/core/validators/index.ts';
import { shannon } from '../src/core/entropy.ts';
import { describe } from '../src/core/errors.ts';
import type { Detector } from '../src/core/types.ts';

export interface Example {
  rule_id: string;
  rule_name?: string;
  label: 'positive' | 'negative';
  text: string;
}

/** Rules outside Nosey Parker's default ruleset (identifiers, public keys, password hashes). */
const NON_DEFAULT = new Set(
  'np.age.1 np.arn.1 np.aws.1 np.aws.3 np.gcs.1 np.gcs.2 np.github.5 np.google.1 np.krb5.asrep.23.1 np.linkedin.1 np.mapbox.1 np.pwhash.1 np.pwhash.2 np.pwhash.3 np.pwhash.4 np.pwhash.5 np.s3.1 np.s3.2 np.segment.1 np.shopify.1 np.twitter.1'.split(' '),
);

/** Nosey Parker rule id -> keyshift detectors of the same credential type. */
export const RULE_MAP: Record<string, string[]> = {
  'np.adafruit.1': ['adafruit-io-key'],
  'np.adobe.1': ['adobe-client-secret'],
  'np.age.2': ['age-secret-key'],
  'np.anthropic.1': ['anthropic-api-key'],
  'np.artifactory.1': ['artifactory-api-key', 'artifactory-reference-token'],
  'np.atlassian.1': ['atlassian-api-token'],
  'np.auth0.1': ['auth0-client-credentials'],
  'np.aws.1': ['aws-access-key-id'],
  'np.aws.2': ['aws-secret-access-key', 'aws-credential-pair'],
  'np.aws.4': ['aws-session-token'],
  'np.aws.5': ['amazon-mws-auth-token'],
  'np.aws.6': ['aws-credential-pair', 'aws-secret-access-key'],
  'np.appsync.1': ['aws-appsync-api-key'],
  'np.azure.1': ['azure-storage-connection-string', 'azure-shared-access-key', 'azure-storage-account-key'],
  'np.azure.2': ['azure-app-configuration-connection-string'],
  'np.azure.3': ['azure-devops-pat'],
  'np.azure.4': ['azure-devops-pat-v2'],
  'np.bitbucket.1': ['bitbucket-app-password'],
  'np.blynk.1': ['blynk-device-token'],
  'np.blynk.2': ['blynk-organization-token'],
  'np.blynk.3': ['blynk-organization-token'],
  'np.blynk.8': ['blynk-client-credentials'],
  'np.blynk.9': ['blynk-client-credentials'],
  'np.codeclimate.1': ['codeclimate-reporter-id'],
  'np.cratesio.1': ['cratesio-api-token'],
  'np.databricks.1': ['databricks-token'],
  'np.dtrack.1': ['dependency-track-api-key'],
  'np.digitalocean.1': ['digitalocean-oauth-token'],
  'np.digitalocean.2': ['digitalocean-pat'],
  'np.digitalocean.3': ['digitalocean-refresh-token'],
  'np.django.1': ['django-secret-key'],
  'np.dockerhub.1': ['dockerhub-pat'],
  'np.doppler.1': ['doppler-cli-token'],
  'np.doppler.2': ['doppler-personal-token'],
  'np.doppler.3': ['doppler-service-token'],
  'np.doppler.4': ['doppler-service-account-token'],
  'np.doppler.5': ['doppler-scim-token'],
  'np.doppler.6': ['doppler-audit-token'],
  'np.dropbox.1': ['dropbox-access-token'],
  'np.dynatrace.1': ['dynatrace-token'],
  'np.facebook.1': ['facebook-app-secret'],
  'np.facebook.2': ['facebook-access-token'],
  'np.figma.1': ['figma-pat'],
  'np.firecrawl.1': ['firecrawl-api-key'],
  'np.generic.1': ['generic-secret'],
  'np.generic.2': ['generic-api-key'],
  'np.generic.3': ['generic-username-password'],
  'np.generic.4': ['generic-username-password-config'],
  'np.generic.5': ['generic-password'],
  'np.generic.6': ['generic-password'],
  'np.generic.7': ['dotnet-network-credential'],
  'np.generic.8': ['dotnet-directory-entry'],
  'np.generic.9': ['dotnet-config-secret'],
  'np.generic.10': ['dotnet-config-connection-string'],
  'np.generic.11': ['generic-password-prose'],
  'np.generic.12': ['generic-password-prose'],
  'np.generic.13': ['generic-password-prose'],
  'np.generic.14': ['generic-password-prose'],
  'np.generic.15': ['generic-password-comparison'],
  'np.generic.16': ['generic-password-comparison'],
  'np.gitalk.1': ['gitalk-client-secret'],
  'np.github.1': ['github-pat-classic'],
  'np.github.2': ['github-oauth-token'],
  'np.github.3': ['github-user-to-server-token', 'github-installation-token', 'github-installation-token-stateless'],
  'np.github.4': ['github-refresh-token'],
  'np.github.6': ['github-oauth-client-secret'],
  'np.github.7': ['github-fine-grained-pat'],
  'np.gitlab.1': ['gitlab-runner-registration-token'],
  'np.gitlab.2': ['gitlab-pat'],
  'np.gitlab.3': ['gitlab-pipeline-trigger-token'],
  'np.google.2': ['google-oauth-client-secret'],
  'np.google.3': ['google-oauth-client-secret-legacy'],
  'np.google.4': ['google-oauth-access-token'],
  'np.google.5': ['gcp-api-key'],
  'np.google.6': ['google-oauth-credentials'],
  'np.gradle.1': ['gradle-credentials'],
  'np.grafana.1': ['grafana-api-key'],
  'np.grafana.2': ['grafana-cloud-token'],
  'np.grafana.3': ['grafana-service-account-token'],
  'np.groq.1': ['groq-api-key'],
  'np.hashicorp.1': ['vault-service-token-legacy'],
  'np.hashicorp.2': ['vault-batch-token-legacy'],
  'np.hashicorp.3': ['vault-recovery-token-legacy'],
  'np.hashicorp.4': ['vault-service-token'],
  'np.hashicorp.5': ['vault-batch-token'],
  'np.hashicorp.6': ['vault-recovery-token'],
  'np.hashicorp.7': ['vault-unseal-key'],
  'np.heroku.1': ['heroku-api-key'],
  'np.http.1': ['http-basic-auth'],
  'np.http.2': ['http-bearer-token'],
  'np.huggingface.1': ['huggingface-token'],
  'np.jenkins.1': ['jenkins-token'],
  'np.jenkins.2': ['jenkins-initial-admin-password'],
  'np.jina.1': ['jina-api-key'],
  'np.jwt.1': ['jwt'],
  'np.jwt.2': ['jwt-secret'],
  'np.jwt.3': ['jwt-secret'],
  'np.kagi.1': ['kagi-api-key'],
  'np.kubernetes.1': ['kubernetes-bootstrap-token'],
  'np.kubernetes.2': ['kubernetes-bootstrap-token'],
  'np.linkedin.2': ['linkedin-client-secret'],
  'np.mailchimp.1': ['mailchimp-api-key'],
  'np.mailgun.1': ['mailgun-api-key'],
  'np.mapbox.2': ['mapbox-secret-token'],
  'np.mapbox.3': ['mapbox-temporary-token'],
  'np.msteams.1': ['msteams-webhook'],
  'np.mongodb.1': ['mongodb-uri-credentials'],
  'np.nasa.1': ['nasa-api-key'],
  'np.netrc.1': ['netrc-credentials'],
  'np.newrelic.1': ['newrelic-license-key'],
  'np.newrelic.2': ['newrelic-license-key-legacy'],
  'np.newrelic.3': ['newrelic-user-api-key'],
  'np.newrelic.4': ['newrelic-admin-api-key'],
  'np.newrelic.5': ['newrelic-insights-insert-key'],
  'np.newrelic.6': ['newrelic-insights-query-key'],
  'np.newrelic.7': ['newrelic-rest-api-key'],
  'np.newrelic.8': ['newrelic-pixie-api-key'],
  'np.newrelic.9': ['newrelic-pixie-deploy-key'],
  'np.npm.1': ['npm-access-token'],
  'np.nuget.1': ['nuget-api-key'],
  'np.odbc.1': ['odbc-connection-string'],
  'np.okta.1': ['okta-api-token'],
  'np.openai.1': ['openai-api-key'],
  'np.particleio.1': ['particle-access-token'],
  'np.particleio.2': ['particle-access-token'],
  'np.pem.1': ['private-key', 'openssh-private-key', 'pgp-private-key'],
  'np.pem.2': ['private-key-base64'],
  'np.phpmailer.1': ['phpmailer-credentials'],
  'np.postgres.1': ['postgres-uri-credentials'],
  'np.postman.1': ['postman-api-key'],
  'np.postmark.1': ['postmark-server-token'],
  'np.psexec.1': ['psexec-credentials'],
  'np.pypi.1': ['pypi-upload-token'],
  'np.reactapp.1': ['react-app-username'],
  'np.reactapp.2': ['react-app-password'],
  'np.rubygems.1': ['rubygems-api-key'],
  'np.salesforce.1': ['salesforce-access-token'],
  'np.sauce.1': ['saucelabs-access-key'],
  'np.sendgrid.1': ['sendgrid-api-key'],
  'np.shopify.2': ['shopify-app-secret'],
  'np.shopify.3': ['shopify-access-token'],
  'np.shopify.4': ['shopify-custom-app-token'],
  'np.shopify.5': ['shopify-private-app-token'],
  'np.slack.2': ['slack-bot-token'],
  'np.slack.3': ['slack-webhook'],
  'np.slack.4': ['slack-user-token'],
  'np.slack.5': ['slack-app-token'],
  'np.slack.6': ['slack-legacy-bot-token'],
  'np.sonarqube.1': ['sonarqube-token'],
  'np.sourcegraph.1': ['sourcegraph-access-token'],
  'np.square.1': ['square-access-token'],
  'np.square.2': ['square-oauth-secret'],
  'np.stackhawk.1': ['stackhawk-api-key'],
  'np.stripe.1': ['stripe-secret-key'],
  'np.stripe.2': ['stripe-test-secret-key'],
  'np.tavily.1': ['tavily-api-key'],
  'np.teamcity.1': ['teamcity-token'],
  'np.telegram.1': ['telegram-bot-token'],
  'np.thingsboard.1': ['thingsboard-access-token'],
  'np.thingsboard.2': ['thingsboard-provision-key'],
  'np.thingsboard.3': ['thingsboard-provision-secret'],
  'np.truenas.1': ['truenas-api-key'],
  'np.truenas.2': ['truenas-api-key'],
  'np.twilio.1': ['twilio-api-key'],
  'np.twitch.1': ['twitch-stream-key'],
  'np.twitter.2': ['twitter-api-secret'],
  'np.vmware.1': ['vmware-viserver-credentials'],
  'np.wireguard.1': ['wireguard-private-key'],
  'np.wireguard.2': ['wireguard-preshared-key'],
};

/** Why a mapped detector did not report: its pattern matched but a filter dropped every match. */
function whyMissed(text: string, dets: Detector[]): string {
  const reasons = new Set<string>();
  for (const d of dets) {
    for (const p of d.patterns) {
      const re = new RE2(p, 'gu');
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0].length === 0) re.lastIndex++;
        const secret = (m.groups as Record<string, string> | undefined)?.secret ?? m[1] ?? m[0];
        if (d.entropy !== undefined && shannon(secret) < d.entropy) reasons.add('entropy');
        else if (isPlaceholder(secret)) reasons.add('placeholder');
        else if (d.validate && validators[d.validate]?.(secret, (m.groups ?? {}) as Record<string, string>)?.ok === false) reasons.add(`validator ${d.validate}`);
      }
    }
  }
  return reasons.size ? [...reasons].join(', ') : 'no match';
}

export interface Tally {
  pos: number;
  found: number;
  ownFound: number;
  neg: number;
  own: number;
  any: number;
  contradicted: number;
}

export function readCorpus(file: string, all: boolean): Example[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Example;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    })
    .filter((e) => all || !NON_DEFAULT.has(e.rule_id));
}

// Misses the scanner makes on purpose: placeholder/reference values (issue 2 §3) and values whose
// issuer checksum fails (not a credential the issuer could have minted).
const BY_DESIGN = new Set(['placeholder', 'validator crc32-base62', 'validator github-token', 'validator bech32', 'validator gitlab-routable']);

export interface EvalResult {
  lines: string[];
  total: Tally;
  /** Missed positives by reason: "no match", "placeholder", "validator …", "entropy". */
  missReasons: Record<string, number>;
}

export function evaluate(examples: Example[], opts: { all?: boolean; misses?: boolean; catalog?: Detector[] } = {}): EvalResult {
  const all = opts.all ?? false;
  const showMisses = opts.misses ?? false;
  const catalog = opts.catalog ?? loadCatalog();
  const byId = new Map(catalog.map((d) => [d.id, d]));
  for (const [rule, ids] of Object.entries(RULE_MAP)) {
    for (const id of ids) if (!byId.has(id)) throw new Error(`RULE_MAP ${rule}: no detector ${id}`);
  }
  const engine = new Engine(catalog);
  // A negative whose exact text is a positive of a rule sharing a keyshift type is a contradictory label.
  const positivesByType = new Map<string, Set<string>>();
  for (const e of examples) {
    if (e.label !== 'positive') continue;
    for (const id of RULE_MAP[e.rule_id] ?? []) {
      const set = positivesByType.get(id) ?? new Set<string>();
      set.add(e.text);
      positivesByType.set(id, set);
    }
  }
  const tallies = new Map<string, Tally>();
  const misses: string[] = [];
  const missReasons: Record<string, number> = {};
  let byDesign = 0;
  const flagged: string[] = [];
  const unmapped = new Set<string>();
  for (const e of examples) {
    const t = tallies.get(e.rule_id) ?? { pos: 0, found: 0, ownFound: 0, neg: 0, own: 0, any: 0, contradicted: 0 };
    tallies.set(e.rule_id, t);
    const own = RULE_MAP[e.rule_id];
    if (!own) unmapped.add(e.rule_id);
    const hits = engine.scan({ data: e.text, origin: { source: 'file', path: e.rule_id } });
    const ownHits = hits.filter((f) => own?.includes(f.detector));
    if (e.label === 'positive') {
      t.pos++;
      if (hits.length > 0) t.found++;
      if (ownHits.length > 0) t.ownFound++;
      if (hits.length === 0) {
        const dets = (own ?? []).map((id) => byId.get(id)!);
        const why = whyMissed(e.text, dets);
        for (const r of why.split(', ')) missReasons[r] = (missReasons[r] ?? 0) + 1;
        if (why.split(', ').every((r) => BY_DESIGN.has(r))) byDesign++;
        misses.push(`  miss ${e.rule_id} [${why}] ${JSON.stringify(e.text.slice(0, 90))}`);
      }
    } else {
      t.neg++;
      if (hits.length > 0) t.any++;
      if ((own ?? []).some((id) => positivesByType.get(id)?.has(e.text))) t.contradicted++;
      else if (ownHits.length > 0) {
        t.own++;
        flagged.push(`  own-type ${e.rule_id} by ${ownHits.map((f) => f.detector).join(',')}: ${JSON.stringify(e.text.slice(0, 90))}`);
      }
    }
  }
  const sum: Tally = { pos: 0, found: 0, ownFound: 0, neg: 0, own: 0, any: 0, contradicted: 0 };
  const out: string[] = [];
  const ratio = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(3));
  out.push('rule                       positives found/total (own type)   negatives own-type/any/total');
  for (const [rule, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    for (const k of Object.keys(sum) as (keyof Tally)[]) sum[k] += t[k];
    const pos = t.pos ? `${t.found}/${t.pos} (${t.ownFound})` : '-';
    const neg = t.neg ? `${t.own}/${t.any}/${t.neg}${t.contradicted ? ` (${t.contradicted} contradictory)` : ''}` : '-';
    out.push(`${rule.padEnd(26)} ${pos.padEnd(36)} ${neg}`);
  }
  if (showMisses && misses.length) out.push(`missed positives:\n${misses.join('\n')}`);
  if (flagged.length) out.push(`negatives flagged as their own type:\n${flagged.join('\n')}`);
  if (unmapped.size) out.push(`rules without a type mapping: ${[...unmapped].join(' ')}`);
  const reasons = Object.entries(missReasons).map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
  out.push(`detectors: ${catalog.length}; examples: ${examples.length} (${all ? 'all rules' : 'default ruleset'})`);
  out.push(`missed positives by reason: ${reasons}`);
  out.push(`positives: recall ${ratio(sum.found, sum.pos)} (${sum.found}/${sum.pos}); found by own type ${ratio(sum.ownFound, sum.pos)} (${sum.ownFound}/${sum.pos})`);
  out.push(`positives that are credentials (excluding ${byDesign} placeholder or bad-checksum examples): recall ${ratio(sum.found, sum.pos - byDesign)} (${sum.found}/${sum.pos - byDesign})`);
  out.push(
    `negatives: flagged as own type ${sum.own}/${sum.neg - sum.contradicted} (contradictory labels skipped: ${sum.contradicted}); with any finding ${sum.any}/${sum.neg}`,
  );
  return { lines: out, total: sum, missReasons };
}

function main(argv: string[]): void {
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: npm run eval -- <corpus.jsonl> [--all] [--misses]');
  const all = argv.includes('--all');
  console.log(evaluate(readCorpus(file, all), { all, misses: argv.includes('--misses') }).lines.join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`eval: ${describe(err)}`);
    process.exit(2);
  }
}
