import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrors } from '../../common/errors/domain-error';
import { OutboxService } from '../../notifications/outbox.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { WebContext, webOf } from '../shell/web-request';

const uuid = new ParseUUIDPipe({ version: '4' });
/** How many entries a staff list shows: the oldest waiting come first and go as they are done. */
const LISTED = 100;

/** The agency's page requests: only admins, as the API's admin routes. */
export function staffOf(
  request: FastifyRequest,
): WebContext & { user: NonNullable<WebContext['user']> } {
  const web = webOf(request);
  if (!web.user?.isAdmin) throw CommonErrors.FORBIDDEN();
  return web as WebContext & { user: NonNullable<WebContext['user']> };
}

/**
 * Agency staff: organisations waiting for verification, and mail the outbox gave up on, on
 * the services behind the API's admin routes.
 */
@PageController('staff')
@LoginRequired()
export class StaffPage {
  constructor(
    private readonly pages: PagesService,
    private readonly organizations: OrganizationsService,
    private readonly outbox: OutboxService,
  ) {}

  @Get('organizations')
  async waiting(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = staffOf(request);
    const found = await this.organizations.list(web.user, {
      verified: false,
      limit: LISTED,
      offset: 0,
    });
    return this.pages.render(request, reply, web, 'staff/organizations', {
      title: 'web.staff.organizationsTitle',
      organizations: found.items.map((o) => ({ ...o, created: new Date(o.createdAt) })),
      total: found.total,
      verified: (request.query as Record<string, string>).verified === '1',
    });
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post('organizations/:id/verify')
  async verify(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const web = staffOf(request);
    await this.organizations.verify(web.user, id, true);
    return this.pages.redirect(reply, '/staff/organizations?verified=1');
  }

  @Get('mail')
  async undelivered(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = staffOf(request);
    const found = await this.outbox.list({ status: 'failed', limit: LISTED, offset: 0 });
    return this.pages.render(request, reply, web, 'staff/mail', {
      title: 'web.staff.mailTitle',
      messages: found.items.map((m) => ({ ...m, created: new Date(m.createdAt) })),
      total: found.total,
      retried: (request.query as Record<string, string>).retried === '1',
    });
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post('mail/:id/retry')
  async retry(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const web = staffOf(request);
    await this.outbox.retry(web.user, id);
    return this.pages.redirect(reply, '/staff/mail?retried=1');
  }
}
