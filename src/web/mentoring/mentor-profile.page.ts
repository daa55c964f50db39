import { Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Actor } from '../../common/auth/actor';
import { CommonErrors } from '../../common/errors/domain-error';
import { TIMES_OF_WEEK } from '../../mentoring/mentoring.contract';
import { MentorCertificateService } from '../../mentoring/mentor-certificate.service';
import { MentorsService } from '../../mentoring/mentors.service';
import { TopicsService } from '../../topics/topics.service';
import { emptyForm, FormState, FormValues } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import { MentorProfileForm } from './mentoring.form';

type Mentor = NonNullable<Awaited<ReturnType<MentorsService['mine']>>>;

/** A mentor's profile as the form shows it. */
const profileValues = (mentor: Mentor | null): FormValues =>
  mentor
    ? {
        languages: mentor.languages.join(', '),
        topics: mentor.topics,
        bio: mentor.bio ?? '',
        district: mentor.district ?? '',
        capacity: String(mentor.capacity),
        availability: mentor.availability,
      }
    : { capacity: '1' };

/**
 * The caller's own mentor profile: becoming a mentor (in training), changing languages,
 * topics, capacity and times, the training's progress, and the printable certificate.
 */
@PageController('mentoring/profile')
@LoginRequired()
export class MentorProfilePage {
  constructor(
    private readonly pages: PagesService,
    private readonly mentors: MentorsService,
    private readonly certificates: MentorCertificateService,
    private readonly topics: TopicsService,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const mentor = await this.mentors.mine(webOf(request).user!);
    return this.render(request, reply, mentor, emptyForm(profileValues(mentor)));
  }

  @Post()
  async save(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const actor = webOf(request).user!;
    const mentor = await this.mentors.mine(actor);
    return submitForm(this.pages, request, reply, {
      form: MentorProfileForm,
      show: (state) => this.render(request, reply, mentor, state),
      act: (form) => {
        const profile = {
          languages: form.languages,
          topics: [...new Set(form.topics)],
          bio: form.bio,
          district: form.district,
          capacity: form.capacity,
          availability: [...new Set(form.availability)],
        };
        return mentor
          ? this.mentors.update(actor, mentor.id, profile)
          : this.mentors.create(actor, profile);
      },
      refusals: {
        MENTORING_UNKNOWN_TOPIC: 'topics',
        CAPACITY_BELOW_TAKEN_PLACES: 'capacity',
        MENTOR_EXISTS: 'languages',
      },
      redirect: '/mentoring/profile?saved=1',
    });
  }

  /** The service's certificate (German and English) with its own print style allowed. */
  @Get('certificate')
  async certificate(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const actor: Actor = webOf(request).user!;
    const mentor = await this.mentors.mine(actor);
    if (!mentor) throw CommonErrors.NOT_FOUND();
    const html = await this.certificates.render(actor, mentor.id);
    const csp = reply.getHeader('content-security-policy');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html);
    if (typeof csp === 'string' && style) {
      const hash = createHash('sha256').update(style[1]).digest('base64');
      void reply.header(
        'content-security-policy',
        csp.replace("style-src 'self'", `style-src 'self' 'sha256-${hash}'`),
      );
    }
    return this.pages.send(request, reply, 200, html, 'de');
  }

  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    mentor: Mentor | null,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    return this.pages.render(request, reply, web, 'mentoring/profile', {
      title: mentor ? 'web.mentoring.profile.title' : 'web.mentoring.profile.becomeTitle',
      mentor,
      training: mentor?.training ?? null,
      missing: mentor?.training?.modules.filter((m) => m.required && !m.attended) ?? [],
      topics: await this.topics.list(web.locale),
      times: TIMES_OF_WEEK,
      saved: (request.query as Record<string, string>).saved === '1',
      form,
    });
  }
}
