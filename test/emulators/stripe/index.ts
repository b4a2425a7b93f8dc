// Stripe emulator: GET /v1/balance with Basic auth (key as user name). No revoke endpoint, as with Stripe.
import { randomAlnum, startEmulator, type Emulator, type Issued } from '../_kit/server.ts';

export interface StripeEmulator extends Emulator {
  mint(opts?: { live?: boolean }): Issued;
}

export async function startStripe(): Promise<StripeEmulator> {
  const em = await startEmulator((req) => {
    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':')[0] : req.bearer;
    if (req.path !== '/v1/balance') return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing' } } };
    const known = key ? em.registry.byToken.get(key) : undefined;
    if (known && known.expiresAt && Date.parse(known.expiresAt) < Date.now()) return { status: 401, body: { error: { type: 'invalid_request_error', code: 'api_key_expired' } } };
    if (!em.registry.live(key)) return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } };
    return { status: 200, body: { object: 'balance', livemode: key!.includes('_live_'), available: [{ amount: 0, currency: 'usd' }], pending: [] } };
  });
  return Object.assign(em, {
    mint(o: { live?: boolean } = {}) {
      return em.registry.add(`sk_${o.live === false ? 'test' : 'live'}_${randomAlnum(99).slice(0, 24)}${randomAlnum(75)}`, 'acct_1Acme', {});
    },
  });
}
