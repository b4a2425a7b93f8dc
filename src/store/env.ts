// Guesses the environment a file or CI step belongs to from its path (our metadata, not content).
export type Env = 'dev' | 'test' | 'staging' | 'prod';

const WORDS: Record<string, Env> = {
  dev: 'dev', develop: 'dev', development: 'dev', local: 'dev', sandbox: 'dev',
  test: 'test', tests: 'test', testing: 'test', qa: 'test', ci: 'test', spec: 'test', e2e: 'test',
  stage: 'staging', staging: 'staging', stg: 'staging', preprod: 'staging', uat: 'staging',
  prod: 'prod', production: 'prod', prd: 'prod', live: 'prod',
};

/** The most specific (last) environment word in the path, if any. */
export function envOf(path: string): Env | undefined {
  let found: Env | undefined;
  for (const word of path.toLowerCase().split(/[^a-z0-9]+/)) {
    const env = WORDS[word];
    if (env) found = env;
  }
  return found;
}
