import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { VenuesService } from '../rooms/venues.service';
import { ReportRange, ReportsService } from './reports.service';
import { SUPPRESSED } from './suppression';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A printable letter that thanks a venue for the room-hours it lent free of charge, with
 * the figures of the in-kind report; every word from the message catalogue.
 */
@Injectable()
export class ThankYouLetterService {
  constructor(
    private readonly reports: ReportsService,
    private readonly venues: VenuesService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  async render(venueId: string, range: ReportRange, lang: string): Promise<string> {
    const venue = await this.venues.get(venueId);
    const report = await this.reports.inKind(range, 'venue', venueId);
    const row = report.rows[0];
    const hours = Number(row?.freeHours ?? 0);
    const valueCents = Number(row?.valueCents ?? 0);
    const organizations = row?.organizations ?? 0;
    const t = (key: string, params: Record<string, string | number> = {}) =>
      escape(this.catalogue.t(lang, `reporting.letter.${key}`, params));
    const date = (iso: string) =>
      DateTime.fromISO(iso).setLocale(lang).toLocaleString(DateTime.DATE_FULL);
    const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' });
    const params = {
      venue: venue.name,
      from: date(range.from),
      to: date(range.to),
      hours: number.format(hours),
      value: money.format(valueCents / 100),
      organizations: typeof organizations === 'number' ? number.format(organizations) : '',
    };
    const whoLine =
      organizations === SUPPRESSED ? t('fewOrganizations') : t('organizations', params);
    return `<!doctype html>
<html lang="${escape(lang)}">
<head>
<meta charset="utf-8">
<title>${t('title', params)}</title>
<style>
  @page { size: A4; margin: 25mm 20mm; }
  body { font-family: "Noto Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.5; max-width: 42rem; margin: 2rem auto; color: #111; }
  h1 { font-size: 16pt; }
  table { border-collapse: collapse; margin: 1rem 0; }
  th, td { text-align: left; padding: 0.25rem 1rem 0.25rem 0; border-bottom: 1px solid #999; }
  td.number { text-align: right; }
  @media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<main>
<p>${escape(venue.name)}<br>${escape(venue.address.street)}<br>${escape(venue.address.postalCode)} ${escape(venue.address.city)}</p>
<h1>${t('title', params)}</h1>
<p>${t('salutation', params)}</p>
<p>${t('body', params)}</p>
<table>
<caption>${t('caption', params)}</caption>
<tbody>
<tr><th scope="row">${t('hoursLabel')}</th><td class="number">${escape(params.hours)}</td></tr>
<tr><th scope="row">${t('valueLabel')}</th><td class="number">${escape(params.value)}</td></tr>
</tbody>
</table>
<p>${whoLine}</p>
<p>${t('closing', params)}</p>
<p>${t('signature')}</p>
</main>
</body>
</html>
`;
  }
}
