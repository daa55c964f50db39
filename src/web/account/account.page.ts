import { Get, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RegistrationService } from '../../accounts/registration.service';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuthThrottlerGuard } from '../../identity/auth-throttler.service';
import { UsersService } from '../../identity/users.service';
import { safeLocalPath } from '../home.page';
import { emptyForm, FormState, postedFields, readForm, withError } from '../shell/form';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { SESSION_COOKIE, setCookie, webOf } from '../shell/web-request';
import { WebSessionsService } from '../shell/web-sessions.service';
import { LoginForm, ProfileForm, SignupForm } from './account-forms';

/** Sign up, log in and out, and the profile with its language. */
@PageController()
export class AccountPage {
  private readonly secure: boolean;

  constructor(
    private readonly pages: PagesService,
    private readonly users: UsersService,
    private readonly registration: RegistrationService,
    private readonly sessions: WebSessionsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secure = new URL(config.publicUrl).protocol === 'https:';
  }

  @Get('signup')
  signup(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    return this.showSignup(request, reply, emptyForm({ locale: web.locale }));
  }

  @Post('signup')
  @UseGuards(AuthThrottlerGuard)
  async register(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const read = readForm(SignupForm, postedFields(request));
    if (!read.ok) return this.showSignup(request, reply, read.state);
    try {
      // As the API's sign-up: the account and the mail with the confirmation link at once.
      const user = await this.registration.register(read.form);
      await this.logIn(reply, user.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'EMAIL_TAKEN') {
        return this.showSignup(
          request,
          reply,
          withError(read.state, 'email', 'web.account.emailTaken'),
        );
      }
      throw error;
    }
    return this.pages.redirect(reply, '/me');
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
  ): Promise<void> {
    return this.showLogin(request, reply, emptyForm({ next: safeLocalPath(next) }));
  }

  @Post('login')
  @UseGuards(AuthThrottlerGuard)
  async authenticate(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const fields = postedFields(request);
    const read = readForm(LoginForm, fields);
    if (!read.ok) return this.showLogin(request, reply, read.state);
    try {
      const user = await this.users.authenticate(read.form.email, read.form.password);
      await this.logIn(reply, user.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVALID_CREDENTIALS') {
        return this.showLogin(
          request,
          reply,
          withError(read.state, 'email', 'web.account.loginFailed'),
        );
      }
      throw error;
    }
    return this.pages.redirect(reply, safeLocalPath(fields.next));
  }

  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    if (web.sessionHash) await this.sessions.end(web.sessionHash);
    setCookie(reply, SESSION_COOKIE, '', { secure: this.secure, maxAge: 0 });
    return this.pages.redirect(reply, '/');
  }

  @Post('logout-everywhere')
  @LoginRequired()
  async logoutEverywhere(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.endAllOf(webOf(request).user!.id);
    setCookie(reply, SESSION_COOKIE, '', { secure: this.secure, maxAge: 0 });
    return this.pages.redirect(reply, '/');
  }

  @Get('me')
  @LoginRequired()
  profile(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    const user = webOf(request).user!;
    return this.showProfile(
      request,
      reply,
      emptyForm({ name: user.name, locale: user.locale }),
      saved === '1',
    );
  }

  @Post('me')
  @LoginRequired()
  async saveProfile(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const read = readForm(ProfileForm, postedFields(request));
    if (!read.ok) return this.showProfile(request, reply, read.state, false);
    await this.users.updateProfile(webOf(request).user!.id, read.form);
    return this.pages.redirect(reply, '/me?saved=1');
  }

  private async logIn(reply: FastifyReply, userId: string): Promise<void> {
    const session = await this.sessions.open(userId);
    setCookie(reply, SESSION_COOKIE, session.secret, {
      secure: this.secure,
      maxAge: Math.floor((session.expiresAt.getTime() - Date.now()) / 1000),
    });
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

  private showLogin(request: FastifyRequest, reply: FastifyReply, form: FormState) {
    return this.pages.render(request, reply, webOf(request), 'account/login', {
      title: 'web.account.loginTitle',
      form,
    });
  }

  private showProfile(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    saved: boolean,
  ) {
    return this.pages.render(request, reply, webOf(request), 'account/profile', {
      title: 'web.account.profileTitle',
      form,
      saved,
    });
  }
}
