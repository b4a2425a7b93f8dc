// Dashboard authentication: a bearer token or basic credentials, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

export interface BoardAuth {
  token?: string;
  user?: string;
  password?: string;
}

const same = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

export function requireAuth(auth: BoardAuth): RequestHandler {
  return (req, res, next) => {
    const h = req.headers.authorization ?? '';
    const [scheme, value = ''] = h.split(' ', 2);
    if (auth.token && scheme?.toLowerCase() === 'bearer' && same(value, auth.token)) return next();
    if (auth.user && auth.password && scheme?.toLowerCase() === 'basic') {
      const [u, ...rest] = Buffer.from(value, 'base64').toString('utf8').split(':');
      if (same(u ?? '', auth.user) && same(rest.join(':'), auth.password)) return next();
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="keyshift"');
    res.status(401).send('authentication required');
  };
}

export function authConfigured(auth: BoardAuth): boolean {
  return !!auth.token || !!(auth.user && auth.password);
}
