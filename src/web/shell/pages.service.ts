import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { FieldError } from '../../common/errors/domain-error';
import { MessageCatalogue, MessageParams } from '../../common/i18n/message-catalogue';
import { Assets } from './assets';
import { FormState } from './form';
import { CITY_ZONE, directionOf, Formatter } from './format';
import { WebContext } from './web-request';

export const WEB_ASSETS = Symbol('WEB_ASSETS');

const brotli = promisify(brotliCompress);

/**
 * Brotli's quality for pages, compressed anew for each request. Measured on the core pages
 * (3–20 KiB of HTML): 3 sends about 10 % more bytes than 5 (2.6 instead of 2.3 KiB) for half
 * its CPU, and less than gzip in less time; 5 was a tenth of a page's work.
 */
const BROTLI_QUALITY = 3;
const gzipAsync = promisify(gzip);

/** What a page gives the layout besides its own data. */
export interface PageModel {
  /** Catalogue key of the page's title (`web.rooms.title`), or the title itself via titleText. */
  title?: string;
  titleParams?: MessageParams;
  /** A title that is data (a room's name), shown as is. */
  titleText?: string;
  /** A form shown on the page; its errors fill the error summary. */
  form?: FormState;
  [key: string]: unknown;
}

/** The `it` of every template: the page's data plus what the layout needs. */
export interface TemplateData extends PageModel {
  lang: string;
  dir: 'rtl' | 'ltr';
  web: WebContext;
  path: string;
  t: (key: string, params?: MessageParams) => string;
  fmt: Formatter;
  /** The city's zone, for times that belong to no room (a link made, a mail that failed). */
  cityZone: string;
  asset: (name: string) => string;
  locales: readonly string[];
  /** "Error: " when the page shows form errors. */
  pageTitle: string;
  fieldErrors: (field: string) => string[];
  /** The error summary's entries, in the order of the form's problems. */
  errorList: { field: string; message: string }[];
}

/**
 * Renders a page with Eta through @fastify/view, in the page's language, compressed as the
 * browser accepts. Pages call `render`; everything about the shell (layout, language,
 * direction, CSRF token, asset URLs, the error summary) is added here.
 */
@Injectable()
export class PagesService {
  constructor(
    private readonly catalogue: MessageCatalogue,
    @Inject(WEB_ASSETS) private readonly assets: Assets,
  ) {}

  data(request: FastifyRequest, web: WebContext, model: PageModel): TemplateData {
    const locale = web.locale;
    const t = (key: string, params?: MessageParams) => this.catalogue.t(locale, key, params);
    const form = model.form;
    const title = model.titleText ?? (model.title ? t(model.title, model.titleParams) : '');
    const prefix = form?.errors.length ? `${t('web.shell.errorPrefix')} ` : '';
    const message = (error: FieldError) =>
      t(
        this.catalogue.has(error.messageKey) ? error.messageKey : 'validation.default',
        error.params,
      );
    const errors = form?.errors ?? [];
    return {
      ...model,
      lang: locale,
      dir: directionOf(locale),
      web,
      path: request.url.split('?')[0],
      t,
      fmt: new Formatter(locale),
      cityZone: CITY_ZONE,
      asset: (name) => this.assets.url(name),
      locales: this.catalogue.locales,
      pageTitle: `${prefix}${title} – ${t('web.shell.serviceName')}`,
      fieldErrors: (field) => errors.filter((error) => error.field === field).map(message),
      errorList: errors.map((error) => ({ field: error.field, message: message(error) })),
    };
  }

  /** Renders `view` (a path under src/web/views, without .eta) and sends it. */
  async render(
    request: FastifyRequest,
    reply: FastifyReply,
    web: WebContext,
    view: string,
    model: PageModel,
    status = model.form?.errors.length ? 422 : 200,
  ): Promise<void> {
    const html = await this.html(view, this.data(request, web, model), reply);
    await this.send(request, reply, status, html, web.locale);
  }

  async html(view: string, data: TemplateData, reply: FastifyReply): Promise<string> {
    return await reply.server.view(view, data);
  }

  /** Sends HTML, brotli- or gzip-compressed when the browser takes it. */
  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    html: string,
    locale: string,
  ): Promise<void> {
    const accepts = String(request.headers['accept-encoding'] ?? '');
    void reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-language', locale)
      .header('cache-control', 'no-store')
      .header('vary', 'accept-encoding, cookie, accept-language');
    if (/\bbr\b/.test(accepts)) {
      const body = await brotli(html, {
        params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY },
      });
      await reply.header('content-encoding', 'br').send(body);
    } else if (/\bgzip\b/.test(accepts)) {
      await reply.header('content-encoding', 'gzip').send(await gzipAsync(html));
    } else {
      await reply.send(html);
    }
  }

  /** POST → 303 → GET. */
  async redirect(reply: FastifyReply, to: string): Promise<void> {
    await reply.status(303).header('location', to).header('cache-control', 'no-store').send();
  }
}
