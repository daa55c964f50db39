import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip } from 'node:zlib';
import { FieldError } from '../../common/errors/domain-error';
import { MessageCatalogue, MessageParams } from '../../common/i18n/message-catalogue';
import { Assets } from './assets';
import { FormState } from './form';
import { CITY_ZONE, directionOf, Formatter } from './format';
import { WebContext } from './web-request';

export const WEB_ASSETS = Symbol('WEB_ASSETS');

/**
 * Brotli's quality for pages, compressed anew for each request. Measured on the core pages
 * (3–20 KiB of HTML): 3 sends about 10 % more bytes than 5 (2.6 instead of 2.3 KiB) for half
 * its CPU, and less than gzip in less time; 5 was a tenth of a page's work.
 */
const BROTLI_QUALITY = 3;
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } };
/**
 * Up to this many characters a page is compressed in the request's own turn, not on the
 * thread pool: there the hand-over cost more than the compression (a 19 KiB room page: 0.27 ms
 * of CPU through the pool, 0.10 ms in place). Longer ones (reports) go to the pool, so that
 * the pages of others are not held up behind them.
 */
const COMPRESS_IN_PLACE = 64 * 1024;
const brotli = promisify(brotliCompress);
/** Parts kept per answer: one per language and filter a page shows it in. */
const PARTS_PER_ANSWER = 16;
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

/** What a template may say in a language: the part of `it` that depends on nothing else. */
export interface LanguageData {
  lang: string;
  dir: 'rtl' | 'ltr';
  t: (key: string, params?: MessageParams) => string;
  fmt: Formatter;
}

/** The `it` of every template: the page's data plus what the layout needs. */
export interface TemplateData extends PageModel, LanguageData {
  web: WebContext;
  path: string;
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
  /** Parts of pages made from answers kept as they are, by answer (see `part`). */
  private readonly parts = new WeakMap<object, Map<string, Promise<string>>>();

  constructor(
    private readonly catalogue: MessageCatalogue,
    @Inject(WEB_ASSETS) private readonly assets: Assets,
    private readonly http: HttpAdapterHost,
  ) {}

  /** The words and formats of `locale`, for a template. */
  language(locale: string): LanguageData {
    return {
      lang: locale,
      dir: directionOf(locale),
      t: (key, params) => this.catalogue.t(locale, key, params),
      fmt: new Formatter(locale),
    };
  }

  data(request: FastifyRequest, web: WebContext, model: PageModel): TemplateData {
    const locale = web.locale;
    const language = this.language(locale);
    const t = language.t;
    const form = model.form;
    const title = model.titleText ?? (model.title ? t(model.title, model.titleParams) : '');
    const prefix = form?.errors.length ? `${t('web.shell.errorPrefix')} ` : '';
    return {
      ...model,
      ...language,
      ...this.formMessages(language, form),
      web,
      path: request.url.split('?')[0],
      cityZone: CITY_ZONE,
      asset: (name) => this.assets.url(name),
      locales: this.catalogue.locales,
      pageTitle: `${prefix}${title} – ${t('web.shell.serviceName')}`,
    };
  }

  /** A form's problems as its fields and the error summary show them. */
  private formMessages(
    { t }: LanguageData,
    form: FormState | undefined,
  ): Pick<TemplateData, 'fieldErrors' | 'errorList'> {
    const message = (error: FieldError) =>
      t(
        this.catalogue.has(error.messageKey) ? error.messageKey : 'validation.default',
        error.params,
      );
    const errors = form?.errors ?? [];
    return {
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

  /**
   * A part of a page (a template without the layout) from its model and language alone: it is
   * given no session, user, CSRF token or path, so what it says may be kept and shown to
   * anyone who may see the model.
   */
  async fragment(view: string, locale: string, model: Record<string, unknown>): Promise<string> {
    const server = this.http.httpAdapter.getInstance<FastifyInstance>();
    const language = this.language(locale);
    return await server.view(view, {
      ...model,
      ...language,
      ...this.formMessages(language, model.form as FormState | undefined),
    });
  }

  /**
   * A part of a page made from `source`, an answer a service gives as the same object (frozen)
   * for as long as it remembers it: made once per answer and `key`, which names everything
   * else the part shows (its view and language among them). A changed answer is a new object
   * and makes its parts anew; a forgotten one takes them along. Where nothing is remembered
   * (the embedded database) every answer is new, and so is every part.
   */
  part(source: object, key: string, make: () => Promise<string>): Promise<string> {
    let made = this.parts.get(source);
    if (!made) this.parts.set(source, (made = new Map<string, Promise<string>>()));
    let part = made.get(key);
    if (!part) {
      // A few keys per answer (languages, filters); more are made, not kept.
      part = make();
      if (made.size < PARTS_PER_ANSWER) made.set(key, part);
      part.catch(() => made.delete(key));
    }
    return part;
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
      const body =
        html.length <= COMPRESS_IN_PLACE
          ? brotliCompressSync(html, BROTLI)
          : await brotli(html, BROTLI);
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
