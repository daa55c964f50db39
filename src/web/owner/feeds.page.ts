import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IsString, Matches } from 'class-validator';
import { CalendarTokensService } from '../../calendar/calendar-tokens.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { BookingViews } from '../bookings/booking-views.service';
import { emptyForm, FormState, postedFields } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { WebCookies } from '../shell/web-cookies';
import { readCookies, webOf } from '../shell/web-request';

const uuid = new ParseUUIDPipe({ version: '4' });

/**
 * The new link's secret is not stored (only its hash), so it is shown once: the POST hands
 * it to the GET in a short-lived HttpOnly cookie, which that GET deletes — the secret never
 * appears in a URL, a log or the browser's history.
 */
const NEW_LINK_COOKIE = 'rfe_new_feed';
const NEW_LINK_SECONDS = 300;

/** Which feed: `organization:<id>`, `owner:<id>` or `user:<id>`. */
export class FeedForm {
  @IsString()
  @Matches(
    /^(organization|owner|user):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  )
  feed!: string;
}

/**
 * My private feed links: an organisation's bookings, the bookings in its rooms (the owner
 * feed), or all of mine; created and revoked with the calendar tokens service the API uses.
 */
@PageController('feeds')
@LoginRequired()
export class FeedsPage {
  constructor(
    private readonly pages: PagesService,
    private readonly tokens: CalendarTokensService,
    private readonly organizations: OrganizationsService,
    private readonly bookings: BookingViews,
    private readonly cookies: WebCookies,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const created = readCookies(request)[NEW_LINK_COOKIE];
    if (created) this.cookies.clear(reply, NEW_LINK_COOKIE);
    return this.show(request, reply, emptyForm(), created);
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    return submitForm(this.pages, request, reply, {
      form: FeedForm,
      values: postedFields(request),
      show: (state) => this.show(request, reply, state),
      act: async (form) => {
        const [scope, subjectId] = form.feed.split(':') as ['organization', string];
        const token = await this.tokens.create(web.user!, {
          scope,
          subjectId: subjectId.toLowerCase(),
        });
        this.cookies.set(reply, NEW_LINK_COOKIE, token.url, NEW_LINK_SECONDS);
      },
      redirect: '/feeds',
    });
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post(':id/revoke')
  async revoke(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    await this.tokens.revoke(webOf(request).user!, id);
    return this.pages.redirect(reply, '/feeds?revoked=1');
  }

  private async show(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    created?: string,
  ): Promise<void> {
    const web = webOf(request);
    const user = web.user!;
    const [links, mine] = await Promise.all([
      this.tokens.list(user, { limit: 100, offset: 0 }),
      this.bookings.myOrganizations(user),
    ]);
    const names = await this.organizations.namesOf([
      ...new Set(links.items.filter((l) => l.scope !== 'user').map((l) => l.subjectId)),
    ]);
    const choices = [
      { value: `user:${user.id}`, scope: 'user', name: '' },
      ...mine.flatMap((o) => [
        { value: `organization:${o.id}`, scope: 'organization', name: o.name },
        { value: `owner:${o.id}`, scope: 'owner', name: o.name },
      ]),
    ];
    return this.pages.render(request, reply, web, 'owner/feeds', {
      title: 'web.feeds.title',
      form: form.values.feed ? form : { ...form, values: { feed: choices[1]?.value ?? '' } },
      choices,
      links: links.items.map((link) => ({
        ...link,
        name: names.get(link.subjectId) ?? '',
        created: new Date(link.createdAt),
        used: link.lastUsedAt ? new Date(link.lastUsedAt) : null,
      })),
      created: created?.startsWith('http') ? created : undefined,
      revoked: (request.query as Record<string, string>).revoked === '1',
    });
  }
}
