import { Inject, Injectable } from '@nestjs/common';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UsersService } from '../identity/users.service';
import { NewOutboxMessage, OutboxService } from '../notifications/outbox.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { TopicsService } from '../topics/topics.service';
import { Assignment } from './assignment.entity';
import { Mentor } from './mentor.entity';
import { MentoringRequest } from './mentoring-request.entity';
import { MentoringMailKind, MentoringSide, renderMentoringMail } from './mentoring-mails';

interface Recipient {
  email: string;
  name: string;
  locale: string;
}

/**
 * Mails to both sides of an assignment — at the proposal, the acceptance and the end —
 * written to the outbox in the transaction of the change. The organisation learns the
 * mentor's name and address only once the mentor has accepted.
 */
@Injectable()
export class MentoringMailsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly topics: TopicsService,
    private readonly catalogue: MessageCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async tell(
    kind: MentoringMailKind,
    assignment: Assignment,
    request: MentoringRequest,
    mentor: Mentor,
  ): Promise<number> {
    const mentorUser = await this.users.findById(mentor.userId);
    const contacts = (await this.organizations.contactsOf([request.organizationId])).get(
      request.organizationId,
    );
    if (!contacts) return 0;
    // The member who asked while they still belong to it; otherwise its owners.
    const asker = contacts.members.find((member) => member.userId === request.createdBy);
    const organizationSide: Recipient[] = asker
      ? [asker]
      : contacts.members.filter((member) => member.role === 'owner');
    const link = `${this.config.publicUrl.replace(/\/$/, '')}/mentoring/assignments/${assignment.id}`;
    const message = (side: MentoringSide, to: Recipient): NewOutboxMessage => {
      const locale = this.catalogue.mailLocale(to.locale, 'mentoring');
      const accepted = kind !== 'proposed';
      const details: { label: string; value: string }[] = [
        { label: 'topic', value: this.topics.label(locale, request.topic) },
      ];
      if (side === 'mentor' && kind === 'proposed') {
        details.push({ label: 'description', value: request.description });
        if (assignment.message) details.push({ label: 'message', value: assignment.message });
      }
      if (accepted && side === 'organization' && mentorUser) {
        details.push({ label: 'contact', value: `${mentorUser.name} <${mentorUser.email}>` });
      }
      if (accepted && side === 'mentor' && asker) {
        details.push({ label: 'contact', value: `${asker.name} <${asker.email}>` });
      }
      if (assignment.endReason && (kind === 'ended' || kind === 'completed')) {
        details.push({ label: 'reason', value: assignment.endReason });
      }
      const mail = renderMentoringMail(this.catalogue, locale, {
        kind,
        side,
        recipientName: to.name,
        params: {
          organization: contacts.name,
          mentor: accepted ? (mentorUser?.name ?? '') : '',
          topic: this.topics.label(locale, request.topic),
        },
        details,
        link: side === 'mentor' || accepted ? link : null,
      });
      return {
        kind: `mentoring.${kind}`,
        recipientEmail: to.email,
        recipientName: to.name || null,
        locale: mail.locale,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        ics: null,
        icsMethod: null,
        bookingId: null,
        seriesId: null,
        dedupeKey: null,
      };
    };
    const messages = [
      ...(mentorUser ? [message('mentor', mentorUser)] : []),
      ...organizationSide.map((member) => message('organization', member)),
    ];
    return this.outbox.enqueue(messages);
  }
}
