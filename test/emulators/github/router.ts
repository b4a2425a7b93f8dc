// Routing by OpenAPI path template. A route the description does not have cannot be registered.
import type { IncomingMessage } from 'node:http';
import { hasRoute } from './spec.ts';
import type { App, Credential, State } from './state.ts';

export interface Ctx {
  req: IncomingMessage;
  method: string;
  url: URL;
  template: string;
  params: Record<string, string>;
  body: any;
  raw: Buffer;
  /** Live credential from Authorization (token, Bearer, Basic). */
  cred?: Credential;
  /** App authenticated by a verified JWT. */
  app?: App;
  state: State;
  base: string;
}

export interface Reply { status: number; body?: unknown; headers?: Record<string, string | number>; raw?: Buffer | string }
export type Handler = (ctx: Ctx) => Promise<Reply> | Reply;

export interface Route { method: string; template: string; re: RegExp; names: string[]; handler: Handler }

/** Params that may contain slashes in GitHub's API. */
const GREEDY = new Set(['ref', 'path']);

export class Router {
  routes: Route[] = [];

  add(method: string, template: string, handler: Handler): void {
    if (!hasRoute(method, template)) throw new Error(`${method} ${template} is not in GitHub's OpenAPI description`);
    const names: string[] = [];
    const src = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n: string) => {
      names.push(n);
      return GREEDY.has(n) ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, template, re: new RegExp(`^${src}/?$`), names, handler });
  }

  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
    // Literal segments beat parameters (e.g. /git/ref/{ref} vs longer templates): prefer more literal chars.
    let best: { route: Route; params: Record<string, string>; score: number } | undefined;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.re.exec(pathname);
      if (!m) continue;
      const score = route.template.replace(/\{\w+\}/g, '').length;
      if (best && best.score >= score) continue;
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]!); });
      best = { route, params, score };
    }
    return best;
  }
}

export const json = (status: number, body?: unknown, headers?: Reply['headers']): Reply => ({ status, body, headers });
export const notFound = (): Reply => json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
export const unauthorized = (message = 'Requires authentication'): Reply => json(401, { message, documentation_url: 'https://docs.github.com/rest', status: '401' });
export const forbidden = (message = 'Resource not accessible by integration'): Reply => json(403, { message, documentation_url: 'https://docs.github.com/rest', status: '403' });
export const invalid = (message: string, errors: unknown[] = []): Reply => json(422, { message, errors, documentation_url: 'https://docs.github.com/rest', status: '422' });
