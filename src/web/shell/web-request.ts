import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Actor } from '../../common/auth/actor';

/** What the web shell knows of a page request, set by the WebGuard before a page runs. */
export interface WebContext {
  /** The logged-in user of this browser's session, if any. */
  user?: Actor;
  /** SHA-256 of the session's secret, to end this session. */
  sessionHash?: Buffer;
  /** The language of the page: the account's, else the cookie's, else Accept-Language. */
  locale: string;
  /** The token every form of this page carries in `_csrf`. */
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    web?: WebContext;
  }
}

export const SESSION_COOKIE = 'rfe_session';
export const CSRF_COOKIE = 'rfe_csrf';
export const LANGUAGE_COOKIE = 'rfe_lang';

/** The cookies of a request; malformed pairs are skipped. */
export function readCookies(request: FastifyRequest): Record<string, string> {
  const cookies: Record<string, string> = {};
  const header = request.headers.cookie;
  if (!header || header.length > 8192) return cookies;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    if (!/^[\w-]{1,64}$/.test(name) || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      /* not ours */
    }
  }
  return cookies;
}

/**
 * A form's token: bound to the browser's CSRF cookie and to its session, so a token taken
 * before a login does not work after it, and a cookie planted by a neighbour is useless
 * without the session's secret (HttpOnly).
 */
export function csrfTokenFor(csrfCookie: string, sessionHash?: Buffer): string {
  return createHash('sha256')
    .update(`csrf|${csrfCookie}|${sessionHash?.toString('hex') ?? ''}`)
    .digest('base64url');
}

/** The web context of a page request; the WebGuard has always set it. */
export function webOf(request: FastifyRequest): WebContext {
  if (!request.web) throw new Error('WebGuard did not run for this page');
  return request.web;
}

/** Pages are everything the API, health, metrics and assets are not. */
export function isPageRequest(url: string): boolean {
  return !/^\/(api|health|metrics|assets)(\/|$|\?)/.test(url);
}
