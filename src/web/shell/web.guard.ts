import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { MessageCatalogue } from '../../common/i18n/message-catalogue';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { LoginNeeded, WebErrors } from '../web.errors';
import { LOGIN_REQUIRED } from './page.decorator';
import {
  CSRF_COOKIE,
  csrfTokenFor,
  LANGUAGE_COOKIE,
  readCookies,
  SESSION_COOKIE,
} from './web-request';
import { WebCookies } from './web-cookies';
import { WebSessionsService } from './web-sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs before every page: finds the session's user, chooses the language, gives the browser
 * its CSRF cookie, and refuses a form (any unsafe method) whose token is wrong or that comes
 * from another origin — before the page's code, so a refused form changes nothing.
 */
@Injectable()
export class WebGuard implements CanActivate {
  private readonly publicOrigin: string;

  constructor(
    private readonly sessions: WebSessionsService,
    private readonly catalogue: MessageCatalogue,
    private readonly reflector: Reflector,
    private readonly cookies: WebCookies,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.publicOrigin = new URL(config.publicUrl).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const cookies = readCookies(request);

    const session = await this.sessions.resolve(cookies[SESSION_COOKIE]);
    if (cookies[SESSION_COOKIE] && !session) {
      this.cookies.endSession(reply);
    }
    let csrfCookie = cookies[CSRF_COOKIE];
    if (!csrfCookie || !/^[\w-]{43}$/.test(csrfCookie)) {
      csrfCookie = randomBytes(32).toString('base64url');
      this.cookies.set(reply, CSRF_COOKIE, csrfCookie);
    }
    const csrfToken = csrfTokenFor(csrfCookie, session?.tokenHash);
    request.web = {
      user: session?.user,
      sessionHash: session?.tokenHash,
      locale: this.localeOf(session?.user.locale, cookies[LANGUAGE_COOKIE], request),
      csrfToken,
    };
    if (session) request.actor = session.user;

    if (!SAFE_METHODS.has(request.method)) {
      if (!this.sameOrigin(request)) throw WebErrors.FORM_REFUSED();
      const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof sent !== 'string' || !equal(sent, csrfToken)) throw WebErrors.FORM_REFUSED();
    }

    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(LOGIN_REQUIRED, targets) && !session) {
      throw new LoginNeeded(request.url);
    }
    return true;
  }

  /** The account's language, else the cookie's, else the browser's. */
  private localeOf(
    account: string | undefined,
    cookie: string | undefined,
    request: FastifyRequest,
  ): string {
    const known = this.catalogue.locales;
    if (account && known.includes(account)) return account;
    if (cookie && known.includes(cookie)) return cookie;
    return this.catalogue.negotiate(request.headers['accept-language']);
  }

  /**
   * Browsers send Origin with every form post (Referer when an old one does not); either
   * must be this service, as the public URL names it or as the request reached it. A
   * client that sends neither is not a browser on another site; its token still counts.
   */
  private sameOrigin(request: FastifyRequest): boolean {
    const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
    if (origin === undefined) return true;
    const own = `${request.protocol}://${request.host}`;
    return origin === this.publicOrigin || origin === own;
  }
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
