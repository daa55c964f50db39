import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { BOOKING_MAIL_KINDS, BookingMail, renderBookingMail } from './booking-mails';
import { escapeHtml } from './mail-text.contract';

const catalogue = MessageCatalogue.load();

const mail = (overrides: Partial<BookingMail> = {}): BookingMail => ({
  kind: 'approved',
  side: 'requester',
  recipientName: 'Ayşe Yılmaz',
  title: 'Elterncafé',
  organizationName: 'Elternverein Bergheim',
  room: {
    name: 'Saal',
    venueName: 'Bürgerhaus Bergheim',
    address: 'Bergheimer Straße 147, 69115 Heidelberg',
    timeZone: 'Europe/Berlin',
  },
  dates: [{ startsAt: new Date('2027-03-02T18:00:00Z'), endsAt: new Date('2027-03-02T20:00:00Z') }],
  link: 'https://raum.example.org',
  ...overrides,
});

describe('booking mails', () => {
  it('say when in the room’s zone, and name the zone', () => {
    const { subject, text } = renderBookingMail(catalogue, 'de', mail());
    expect(subject).toBe('Buchung bestätigt: Elterncafé am 2. März 2027');
    expect(text).toContain('Hallo Ayşe Yılmaz,');
    expect(text).toMatch(/Zeit: +Dienstag, 2\. März 2027, 19:00–21:00 Uhr/);
    expect(text).toMatch(/Zeitzone: +Europe\/Berlin/);
    const english = renderBookingMail(catalogue, 'en', mail());
    expect(english.text).toMatch(/Time: +Tuesday, 2 March 2027, 19:00–21:00/);
  });

  it('write the same instant as another zone’s wall clock when the room is elsewhere', () => {
    const lisbon = mail({ room: { ...mail().room, timeZone: 'Europe/Lisbon' } });
    const { text } = renderBookingMail(catalogue, 'en', lisbon);
    expect(text).toContain('18:00–20:00');
    expect(text).toMatch(/Time zone: +Europe\/Lisbon/);
  });

  it('name both days when a booking runs past midnight', () => {
    const late = mail({
      dates: [
        { startsAt: new Date('2027-03-06T21:00:00Z'), endsAt: new Date('2027-03-07T01:00:00Z') },
      ],
    });
    expect(renderBookingMail(catalogue, 'de', late).text).toContain(
      'Samstag, 6. März 2027, 22:00 Uhr bis Sonntag, 7. März 2027, 02:00 Uhr',
    );
  });

  it('list a long series up to a limit and count the rest', () => {
    const dates = Array.from({ length: 30 }, (_, week) => ({
      startsAt: new Date(Date.UTC(2027, 0, 5 + 7 * week, 18)),
      endsAt: new Date(Date.UTC(2027, 0, 5 + 7 * week, 20)),
    }));
    const { subject, text } = renderBookingMail(catalogue, 'en', mail({ dates }));
    expect(subject).toBe('Booking confirmed: Elterncafé, 30 dates from 5 January 2027');
    expect(text).toContain('Dates (30):');
    expect(text.match(/^ {2}- /gm)).toHaveLength(26);
    expect(text).toContain('… and 5 more dates');
  });

  it('show user text as text: escaped in HTML, on one line in the subject', () => {
    const nasty = mail({
      title: '<script>alert("x")</script> & Co.\r\nBcc: someone@example.org',
      reason: 'Zu <b>laut</b>\nbeim letzten Mal',
      kind: 'declined',
    });
    const { subject, text, html } = renderBookingMail(catalogue, 'en', nasty);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toContain('Bcc: someone@example.org');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co.');
    expect(html).toContain('Zu &lt;b&gt;laut&lt;/b&gt;<br>beim letzten Mal');
    expect(text).toContain('  - Zu <b>laut</b>\n  - beim letzten Mal');
  });

  it('exist for every kind in every language', () => {
    for (const locale of catalogue.locales) {
      for (const kind of BOOKING_MAIL_KINDS) {
        for (const part of ['subject', 'subjectSeries', 'intro', 'introSeries']) {
          const key = `notifications.kind.${kind}.${part}`;
          expect(catalogue.t(locale, key)).not.toBe(key);
        }
        const { subject, text, html } = renderBookingMail(catalogue, locale, mail({ kind }));
        expect(`${subject}${text}${html}`).not.toMatch(/notifications\.|\{\w+\}/);
      }
    }
  });

  it('set the language and writing direction of the HTML part, German for a language without texts', () => {
    const arabic = renderBookingMail(catalogue, 'ar', mail());
    expect(arabic.locale).toBe('ar');
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
    // The Gregorian calendar, as in every other language.
    expect(arabic.text).toContain('2027');
    expect(renderBookingMail(catalogue, 'tr', mail()).html).toContain('<html lang="tr" dir="ltr">');
    const french = renderBookingMail(catalogue, 'fr', mail());
    expect(french).toMatchObject({
      locale: 'de',
      subject: expect.stringMatching(/^Buchung bestätigt/),
    });
    expect(french.html).toContain('<html lang="de" dir="ltr">');
  });

  it('escape all five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });
});
