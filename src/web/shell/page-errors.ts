import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemRenderer } from '../../common/errors/problem';
import { HtmlErrorPages } from '../../common/errors/problem.filter';
import { MessageCatalogue } from '../../common/i18n/message-catalogue';
import { LoginNeeded } from '../web.errors';
import { PagesService } from './pages.service';
import { isPageRequest, LANGUAGE_COOKIE, readCookies, WebContext } from './web-request';

/**
 * Failures of page requests as pages: 404, 403, 500… in the user's language, with the
 * problem's title and detail from the same catalogue as the API's problems, never a stack.
 * A page that needs a login sends the browser to the login page instead.
 */
@Injectable()
export class PageErrors implements HtmlErrorPages {
  private renderer?: ProblemRenderer;

  constructor(
    private readonly pages: PagesService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  handles(request: FastifyRequest): boolean {
    return isPageRequest(request.url);
  }

  async send(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (error instanceof LoginNeeded) {
      return this.pages.redirect(reply, `/login?next=${encodeURIComponent(error.next)}`);
    }
    this.renderer ??= new ProblemRenderer(this.catalogue);
    const domain = this.renderer.toDomainError(error);
    const web: WebContext = request.web ?? {
      locale: this.fallbackLocale(request),
      csrfToken: '',
    };
    const key = this.catalogue.has(`problems.${domain.code}.title`)
      ? domain.code
      : 'INTERNAL_ERROR';
    const t = (part: string) =>
      this.catalogue.t(web.locale, `problems.${key}.${part}`, domain.params);
    try {
      await this.pages.render(
        request,
        reply,
        web,
        'error',
        {
          titleText: t('title'),
          detail: t('detail'),
          status: domain.status,
          requestId: String(request.id),
        },
        domain.status,
      );
    } catch {
      // The page itself failed: still no stack, and still the user's language.
      await reply
        .status(domain.status)
        .header('content-type', 'text/plain; charset=utf-8')
        .send(`${t('title')}. ${t('detail')}`);
    }
  }

  private fallbackLocale(request: FastifyRequest): string {
    const cookie = readCookies(request)[LANGUAGE_COOKIE];
    if (cookie && this.catalogue.locales.includes(cookie)) return cookie;
    return this.catalogue.negotiate(request.headers['accept-language']);
  }
}
