import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganizationsService } from '../../organizations/organizations.service';
import { emptyForm, FormState, postedFields } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import { listOf } from '../manage/form-errors';
import { InviteForm, ORGANIZATION_KINDS, OrganizationForm } from './organization.form';

const uuid = new ParseUUIDPipe({ version: '4' });

/** My organisations, creating one, and its members (invited by e-mail as the API does). */
@PageController('organizations')
@LoginRequired()
export class OrganizationsPage {
  constructor(
    private readonly pages: PagesService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get('mine')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    const mine = await this.organizations.list(web.user, { mine: true, limit: 100, offset: 0 });
    return this.pages.render(request, reply, web, 'organizations/list', {
      title: 'web.organizations.listTitle',
      organizations: mine.items,
    });
  }

  @Get('new')
  create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.showCreate(request, reply, emptyForm({ kind: 'association', languages: 'de' }));
  }

  @Post('new')
  async created(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    return submitForm(this.pages, request, reply, {
      form: OrganizationForm,
      show: (state) => this.showCreate(request, reply, state),
      act: ({ languages, ...rest }) =>
        this.organizations.create(web.user!, {
          ...rest,
          languages: listOf(languages).map((code) => code.toLowerCase()),
          fields: [],
        }),
      redirect: (organization) => `/organizations/${organization.id}/view`,
    });
  }

  @Get(':id/view')
  show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    return this.showOne(request, reply, id, emptyForm({ role: 'member' }));
  }

  @Post(':id/invitations')
  async invite(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const web = webOf(request);
    return submitForm(this.pages, request, reply, {
      form: InviteForm,
      values: postedFields(request),
      show: (state) => this.showOne(request, reply, id, state),
      act: (form) => this.organizations.addMember(web.user!, id, form),
      refusals: { NO_ACCOUNT_FOR_EMAIL: 'email', ALREADY_MEMBER: 'email' },
      redirect: `/organizations/${id}/view?invited=1`,
    });
  }

  private showCreate(request: FastifyRequest, reply: FastifyReply, form: FormState) {
    return this.pages.render(request, reply, webOf(request), 'organizations/new', {
      title: 'web.organizations.newTitle',
      form,
      kinds: ORGANIZATION_KINDS,
    });
  }

  /** What the API's GET /organizations/:id shows this user: members only to insiders. */
  private async showOne(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    const organization = await this.organizations.get(web.user, id);
    const isOwner = organization.myRole === 'owner' || web.user?.isAdmin === true;
    return this.pages.render(request, reply, web, 'organizations/show', {
      titleText: organization.name,
      organization,
      isOwner,
      invited: (request.query as Record<string, unknown>).invited === '1',
      form: isOwner ? form : undefined,
    });
  }
}
