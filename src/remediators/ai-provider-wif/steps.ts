// Workflow steps that exchange the run's GitHub OIDC token for a short-lived provider access token
// (reference D.10) and export it to later steps, masked.

export type Provider = 'openai' | 'anthropic';

/** Env var the access token lands in: read by the provider SDKs as a bearer token. */
export const TOKEN_ENV: Record<Provider, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_AUTH_TOKEN' };
/** Env names that held the static key. */
export const KEY_ENV: Record<Provider, string[]> = { openai: ['OPENAI_API_KEY'], anthropic: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_API_KEY'] };

const OIDC = 'jwt=$(curl -sSf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=$AUDIENCE" | jq -r .value)';

export function exchangeStep(p: Provider): string {
  if (p === 'openai') {
    return `name: OpenAI access token (workload identity federation)
env:
  AUDIENCE: \${{ vars.OPENAI_WIF_AUDIENCE }}
  IDENTITY_PROVIDER_ID: \${{ vars.OPENAI_IDENTITY_PROVIDER_ID }}
  SERVICE_ACCOUNT_ID: \${{ vars.OPENAI_SERVICE_ACCOUNT_ID }}
run: |
  ${OIDC}
  token=$(curl -sSf https://auth.openai.com/oauth/token \\
    --data-urlencode grant_type=urn:ietf:params:oauth:grant-type:token-exchange \\
    --data-urlencode "subject_token=$jwt" \\
    --data-urlencode subject_token_type=urn:ietf:params:oauth:token-type:jwt \\
    --data-urlencode "identity_provider_id=$IDENTITY_PROVIDER_ID" \\
    --data-urlencode "service_account_id=$SERVICE_ACCOUNT_ID" | jq -r .access_token)
  echo "::add-mask::$token"
  echo "${TOKEN_ENV.openai}=$token" >> "$GITHUB_ENV"
`;
  }
  return `name: Anthropic access token (workload identity federation)
env:
  AUDIENCE: \${{ vars.ANTHROPIC_WIF_AUDIENCE }}
  FEDERATION_RULE_ID: \${{ vars.ANTHROPIC_FEDERATION_RULE_ID }}
  ORGANIZATION_ID: \${{ vars.ANTHROPIC_ORGANIZATION_ID }}
  SERVICE_ACCOUNT_ID: \${{ vars.ANTHROPIC_SERVICE_ACCOUNT_ID }}
  WORKSPACE_ID: \${{ vars.ANTHROPIC_WORKSPACE_ID }}
run: |
  ${OIDC}
  token=$(jq -n --arg a "$jwt" --arg r "$FEDERATION_RULE_ID" --arg o "$ORGANIZATION_ID" --arg s "$SERVICE_ACCOUNT_ID" --arg w "$WORKSPACE_ID" \\
    '{grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion: $a, federation_rule_id: $r, organization_id: $o, service_account_id: $s, workspace_id: $w}' \\
    | curl -sSf https://api.anthropic.com/v1/oauth/token -H 'content-type: application/json' --data @- | jq -r .access_token)
  echo "::add-mask::$token"
  echo "${TOKEN_ENV.anthropic}=$token" >> "$GITHUB_ENV"
`;
}

export function providerSetup(p: Provider, sub: string): string {
  if (p === 'openai') {
    return `OpenAI (platform settings, Workload identity federation): add an identity provider for GitHub Actions (issuer \`https://token.actions.githubusercontent.com\`, an audience of your choice), map the subject \`${sub}\` to a service account with only the projects and permissions the workload needs, then set the repository variables \`OPENAI_WIF_AUDIENCE\`, \`OPENAI_IDENTITY_PROVIDER_ID\` and \`OPENAI_SERVICE_ACCOUNT_ID\`. Tokens come from \`POST https://auth.openai.com/oauth/token\` (RFC 8693 token exchange).`;
  }
  return `Anthropic (Console, Workload identity federation): create a federation rule for issuer \`https://token.actions.githubusercontent.com\` matching subject \`${sub}\`, bound to a service account with the \`workspace:inference\` scope in one workspace, then set the repository variables \`ANTHROPIC_WIF_AUDIENCE\`, \`ANTHROPIC_FEDERATION_RULE_ID\` (\`fdrl_…\`), \`ANTHROPIC_ORGANIZATION_ID\`, \`ANTHROPIC_SERVICE_ACCOUNT_ID\` (\`svac_…\`) and \`ANTHROPIC_WORKSPACE_ID\`. Tokens come from \`POST https://api.anthropic.com/v1/oauth/token\` (RFC 7523 jwt-bearer) and are sent as \`Authorization: Bearer\` (\`ANTHROPIC_AUTH_TOKEN\`).`;
}
