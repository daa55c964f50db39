import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { UsersService } from '../identity/users.service';
import { PageController } from './shell/page.decorator';
import { PagesService } from './shell/pages.service';
import { WebCookies } from './shell/web-cookies';
import { LANGUAGE_COOKIE, webOf } from './shell/web-request';

/** The start page and the language switch in every page's footer. */
@PageController()
export class HomePage {
  constructor(
    private readonly pages: PagesService,
    private readonly catalogue: MessageCatalogue,
    private readonly users: UsersService,
    private readonly cookies: WebCookies,
  ) {}

  @Get()
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.pages.render(request, reply, webOf(request), 'home', {
      title: 'web.home.title',
      // After an account's deletion (POST /me/delete → 303): it was done.
      accountDeleted: (request.query as Record<string, unknown>).accountDeleted === '1',
    });
  }

  // Not through submitForm: an unknown language is ignored, never a form's problem.
  /** Kept in a cookie for a year, and in the account when someone is logged in. */
  @Post('language')
  async language(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const web = webOf(request);
    const locale = typeof body.locale === 'string' ? body.locale : '';
    if (this.catalogue.locales.includes(locale)) {
      this.cookies.set(reply, LANGUAGE_COOKIE, locale, 365 * 24 * 3600);
      if (web.user) await this.users.updateProfile(web.user.id, { locale });
    }
    return this.pages.redirect(reply, safeLocalPath(body.back));
  }
}

/** A path on this site to go back to; anything else (another site, `//evil`) is the start. */
export function safeLocalPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]{0,500}$/.test(value) ? value : '/';
}
