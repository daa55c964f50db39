import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Actor } from '../common/auth/actor';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { escapeHtml } from '../notifications/mail-text.contract';
import { MentoringErrors } from './mentoring.errors';
import { MentorTrainingService } from './mentor-training.service';
import { MentorsService } from './mentors.service';

/** The certificate is always bilingual: German for here, English for anywhere else. */
const CERTIFICATE_LOCALES = ['de', 'en'] as const;

/**
 * The printable certificate of a certified mentor: the attended modules with their hours,
 * in German and English on one page, for an employer or as proof of volunteering.
 */
@Injectable()
export class MentorCertificateService {
  constructor(
    private readonly mentors: MentorsService,
    private readonly training: MentorTrainingService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  async render(actor: Actor, mentorId: string): Promise<string> {
    const mentor = await this.mentors.find(mentorId);
    if (mentor.userId !== actor.id && !actor.isAdmin) throw MentoringErrors.MENTOR_NOT_FOUND();
    if (!mentor.certifiedAt) throw MentoringErrors.CERTIFICATE_NOT_AVAILABLE();
    const name = (await this.mentors.ownerOf(mentorId))?.name ?? '';
    const progress = await this.training.progress(mentor);
    const attended = progress.modules.filter((module) => module.attended);
    const sections = CERTIFICATE_LOCALES.map((locale) => {
      const t = (key: string, params: Record<string, string | number> = {}) =>
        escapeHtml(this.catalogue.t(locale, `mentoring.certificate.${key}`, params));
      const date = DateTime.fromJSDate(mentor.certifiedAt!, { zone: 'Europe/Berlin' })
        .setLocale(locale)
        .toLocaleString(DateTime.DATE_FULL);
      const hours = (value: number) => new Intl.NumberFormat(locale).format(value);
      return (
        `<section lang="${locale}"><h1>${t('title')}</h1>` +
        `<p>${t('intro', { name })}</p>` +
        `<table><caption>${t('modules')}</caption><thead><tr><th scope="col">${t('module')}</th>` +
        `<th scope="col">${t('hours')}</th></tr></thead><tbody>` +
        attended
          .map(
            (module) =>
              `<tr><td>${escapeHtml(module.title)}</td><td>${hours(module.hours)}</td></tr>`,
          )
          .join('') +
        `</tbody><tfoot><tr><th scope="row">${t('total')}</th>` +
        `<td>${hours(progress.hours)}</td></tr></tfoot></table>` +
        `<p>${t('certifiedOn', { date })}</p></section>`
      );
    });
    return (
      `<!doctype html><html lang="de"><head><meta charset="utf-8">` +
      `<title>${escapeHtml(this.catalogue.t('de', 'mentoring.certificate.title'))}</title>` +
      `<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}` +
      `section{page-break-after:always;margin-bottom:3em}table{border-collapse:collapse;width:100%}` +
      `th,td{border-bottom:1px solid #999;padding:.3em;text-align:left}</style></head><body>` +
      sections.join('') +
      `</body></html>`
    );
  }
}
