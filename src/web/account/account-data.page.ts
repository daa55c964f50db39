import { Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountDeletionService } from '../../accounts/account-deletion.service';
import { AccountExportService } from '../../accounts/account-export.service';
import { emptyForm, FormState, postedFields } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { WebCookies } from '../shell/web-cookies';
import { webOf } from '../shell/web-request';
import { AccountDeletionForm } from './account-forms';

/** The file name the API's export gives its download too. */
const EXPORT_FILE = 'raum-fuer-engagement-export.json';

/**
 * A person's own data in the pages, on the services behind the API's `/api/me/export` and
 * `/api/me/delete`: the export as a file, and deleting the account after a confirmation step.
 */
@PageController('me')
@LoginRequired()
export class AccountDataPage {
  constructor(
    private readonly pages: PagesService,
    private readonly exports: AccountExportService,
    private readonly deletion: AccountDeletionService,
    private readonly cookies: WebCookies,
  ) {}

  /** The API's export, as a file the browser saves rather than shows. */
  @Get('export')
  async download(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const data = await this.exports.export(webOf(request).user!);
    await reply
      .status(200)
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${EXPORT_FILE}"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(data));
  }

  /** The confirmation step: what deleting means, and the password. */
  @Get('delete')
  confirmDeletion(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.showDeletion(request, reply, emptyForm());
  }

  /**
   * Deletes the account; every login ends with it (the sessions go with the account's row,
   * a token names an account that is no more), and this browser's cookie is cleared.
   */
  @Post('delete')
  delete(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = webOf(request).user!;
    return submitForm(this.pages, request, reply, {
      form: AccountDeletionForm,
      values: postedFields(request),
      show: (state) =>
        this.showDeletion(request, reply, { ...state, values: { ...state.values, password: '' } }),
      act: async (form) => {
        await this.deletion.delete(user, form.password);
        this.cookies.endSession(reply);
      },
      refusals: {
        PASSWORD_WRONG: { field: 'password', messageKey: 'web.account.currentPasswordWrong' },
        LAST_OWNER_OF: 'password',
        LAST_ADMIN: 'password',
      },
      redirect: '/?accountDeleted=1',
    });
  }

  private showDeletion(request: FastifyRequest, reply: FastifyReply, form: FormState) {
    return this.pages.render(request, reply, webOf(request), 'account/delete', {
      title: 'web.account.deleteTitle',
      form,
    });
  }
}
