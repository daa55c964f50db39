import { Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountCredentialsService } from '../../accounts/account-credentials.service';
import { RegistrationService } from '../../accounts/registration.service';
import { DomainError } from '../../common/errors/domain-error';
import { AuthThrottlerGuard } from '../../identity/auth-throttler.service';
import { UsersService } from '../../identity/users.service';
import { safeLocalPath } from '../home.page';
import { emptyForm, FormState, postedFields, readForm } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { WebCookies } from '../shell/web-cookies';
import { webOf } from '../shell/web-request';
import { WebSessionsService } from '../shell/web-sessions.service';
import {
  LoginForm,
  PasswordChangeForm,
  PasswordForgotForm,
  PasswordResetForm,
  ProfileForm,
  SignupForm,
} from './account-forms';

/** Sign up, log in and out, a forgotten password, and the profile with its language and password. */
@PageController()
export class AccountPage {
  constructor(
    private readonly pages: PagesService,
    private readonly users: UsersService,
    private readonly registration: RegistrationService,
    private readonly credentials: AccountCredentialsService,
    private readonly sessions: WebSessionsService,
    private readonly cookies: WebCookies,
  ) {}

  @Get('signup')
  signup(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    return this.showSignup(request, reply, emptyForm({ locale: web.locale }));
  }

  @Post('signup')
  @UseGuards(AuthThrottlerGuard)
  register(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return submitForm(this.pages, request, reply, {
      form: SignupForm,
      values: postedFields(request),
      show: (state) => this.showSignup(request, reply, state),
      act: async (form) => {
        // As the API's sign-up: the account and the mail with the confirmation link at once.
        const user = await this.registration.register(form);
        await this.logIn(reply, user.id);
      },
      refusals: { EMAIL_TAKEN: { field: 'email', messageKey: 'web.account.emailTaken' } },
      redirect: '/me',
    });
  }

  /**
   * The confirmation mail's link. Following it only shows a button: mail scanners that
   * open links must not use up the one-time token; the person confirms with a POST.
   */
  @Get('confirm-email')
  confirmation(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const value = typeof token === 'string' ? token.slice(0, 200) : '';
    return this.showConfirmation(
      request,
      reply,
      emptyForm({ token: value }),
      done === '1' ? 'done' : 'ask',
    );
  }

  /** Not through submitForm: a token is no form's field, and a wrong one is a 400 page. */
  @Post('confirm-email')
  async confirm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const fields = postedFields(request);
    const token = typeof fields.token === 'string' ? fields.token : '';
    const invalid = () => this.showConfirmation(request, reply, emptyForm({ token }), 'invalid');
    // A token that cannot be one is refused as the service refuses an unknown one.
    if (!/^[\w-]{1,200}$/.test(token)) return invalid();
    try {
      await this.registration.confirm(token);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'LINK_INVALID') return invalid();
      throw error;
    }
    return this.pages.redirect(reply, '/confirm-email?done=1');
  }

  @Get('login')
  login(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
    @Query('reset') reset?: string,
  ): Promise<void> {
    return this.showLogin(request, reply, emptyForm({ next: safeLocalPath(next) }), reset === '1');
  }

  /** "Forgot your password?": the same answer whether the address has an account or not. */
  @Get('forgot-password')
  forgotPassword(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('sent') sent?: string,
  ): Promise<void> {
    return this.showForgotPassword(request, reply, emptyForm({}), sent === '1');
  }

  @Post('forgot-password')
  @UseGuards(AuthThrottlerGuard)
  sendResetLink(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return submitForm(this.pages, request, reply, {
      form: PasswordForgotForm,
      values: postedFields(request),
      show: (state) => this.showForgotPassword(request, reply, state, false),
      act: (form) => this.credentials.requestReset(form.email),
      redirect: '/forgot-password?sent=1',
    });
  }

  /**
   * The reset mail's link: a form for the new password. As with the confirmation link,
   * opening it uses nothing up; the one-time token is spent by the POST.
   */
  @Get('reset-password')
  resetPasswordForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token?: string,
  ): Promise<void> {
    const value = typeof token === 'string' ? token.slice(0, 200) : '';
    return this.showResetPassword(request, reply, emptyForm({ token: value }), false);
  }

  /** Not through submitForm: a spent or unknown link is a page of its own (400), no field's. */
  @Post('reset-password')
  @UseGuards(AuthThrottlerGuard)
  async resetPassword(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const read = readForm(PasswordResetForm, postedFields(request));
    if (!read.ok) return this.showResetPassword(request, reply, read.state, false);
    // A token that cannot be one is refused as the service refuses an unknown one.
    if (!/^[\w-]{1,200}$/.test(read.form.token)) {
      return this.showResetPassword(request, reply, read.state, true);
    }
    try {
      await this.credentials.reset(read.form.token, read.form.newPassword);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'LINK_INVALID') {
        return this.showResetPassword(request, reply, read.state, true);
      }
      throw error;
    }
    return this.pages.redirect(reply, '/login?reset=1');
  }

  @Post('login')
  @UseGuards(AuthThrottlerGuard)
  authenticate(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const fields = postedFields(request);
    return submitForm(this.pages, request, reply, {
      form: LoginForm,
      values: fields,
      show: (state) => this.showLogin(request, reply, state),
      act: async (form) => {
        const user = await this.users.authenticate(form.email, form.password);
        await this.logIn(reply, user.id);
      },
      refusals: {
        INVALID_CREDENTIALS: { field: 'email', messageKey: 'web.account.loginFailed' },
      },
      redirect: safeLocalPath(fields.next),
    });
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    if (web.sessionHash) await this.sessions.end(web.sessionHash);
    this.cookies.endSession(reply);
    return this.pages.redirect(reply, '/');
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post('logout-everywhere')
  @LoginRequired()
  async logoutEverywhere(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.endAllOf(webOf(request).user!.id);
    this.cookies.endSession(reply);
    return this.pages.redirect(reply, '/');
  }

  @Get('me')
  @LoginRequired()
  profile(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
    @Query('password') password?: string,
  ): Promise<void> {
    const user = webOf(request).user!;
    return this.showProfile(
      request,
      reply,
      emptyForm({ name: user.name, locale: user.locale }),
      saved === '1',
      password === '1',
    );
  }

  @Post('me')
  @LoginRequired()
  saveProfile(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return submitForm(this.pages, request, reply, {
      form: ProfileForm,
      values: postedFields(request),
      show: (state) => this.showProfile(request, reply, state, false),
      act: (form) => this.users.updateProfile(webOf(request).user!.id, form),
      redirect: '/me?saved=1',
    });
  }

  /**
   * A new password: every other login ends with it (pages and API alike); this browser gets
   * a fresh session, so the person stays logged in here.
   */
  @Post('me/password')
  @LoginRequired()
  changePassword(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = webOf(request).user!;
    const profile = { name: user.name, locale: user.locale };
    return submitForm(this.pages, request, reply, {
      form: PasswordChangeForm,
      values: postedFields(request),
      // The profile's own fields as they are, the passwords never shown again.
      show: (state) =>
        this.showProfile(
          request,
          reply,
          {
            ...state,
            values: { ...state.values, ...profile, currentPassword: '', newPassword: '' },
          },
          false,
        ),
      act: async (form) => {
        await this.credentials.change(user, form.currentPassword, form.newPassword);
        await this.logIn(reply, user.id);
      },
      refusals: {
        PASSWORD_WRONG: {
          field: 'currentPassword',
          messageKey: 'web.account.currentPasswordWrong',
        },
      },
      redirect: '/me?password=1',
    });
  }

  private async logIn(reply: FastifyReply, userId: string): Promise<void> {
    this.cookies.openSession(reply, await this.sessions.open(userId));
  }

  private showSignup(request: FastifyRequest, reply: FastifyReply, form: FormState) {
    return this.pages.render(request, reply, webOf(request), 'account/signup', {
      title: 'web.account.signupTitle',
      form,
    });
  }

  private showConfirmation(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    state: 'ask' | 'done' | 'invalid',
  ) {
    const model = { title: 'web.account.confirmTitle', form, state };
    const status = state === 'invalid' ? 400 : 200;
    return this.pages.render(
      request,
      reply,
      webOf(request),
      'account/confirm-email',
      model,
      status,
    );
  }

  private showLogin(request: FastifyRequest, reply: FastifyReply, form: FormState, reset = false) {
    return this.pages.render(request, reply, webOf(request), 'account/login', {
      title: 'web.account.loginTitle',
      form,
      reset,
    });
  }

  private showForgotPassword(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    sent: boolean,
  ) {
    return this.pages.render(request, reply, webOf(request), 'account/forgot-password', {
      title: 'web.account.forgotTitle',
      form,
      sent,
    });
  }

  private showResetPassword(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    invalid: boolean,
  ) {
    const model = { title: 'web.account.resetTitle', form, invalid };
    return this.pages.render(
      request,
      reply,
      webOf(request),
      'account/reset-password',
      model,
      invalid ? 400 : undefined,
    );
  }

  private showProfile(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    saved: boolean,
    passwordChanged = false,
  ) {
    return this.pages.render(request, reply, webOf(request), 'account/profile', {
      title: 'web.account.profileTitle',
      form,
      saved,
      passwordChanged,
    });
  }
}
