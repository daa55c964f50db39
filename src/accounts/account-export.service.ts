import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { BookingQueriesService } from '../bookings/booking-queries.service';
import { CalendarTokensService } from '../calendar/calendar-tokens.service';
import { Actor } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { UsersService } from '../identity/users.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ExportedMentor, MENTORING_PERSONAL_DATA, PersonalDataSource } from './accounts.contract';
import { AccountExportResponseDto } from './dto/account-export.dto';

/** Each list of the export holds at most this many entries, so that one request stays small. */
const EXPORT_LIMIT = 1000;

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/**
 * The caller's data as one JSON document: profile, memberships, bookings, links, the mentor
 * profile (from mentoring, through its port), audit.
 */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly bookings: BookingQueriesService,
    private readonly calendarTokens: CalendarTokensService,
    private readonly audit: AuditService,
    @Inject(MENTORING_PERSONAL_DATA) private readonly mentoring: PersonalDataSource<ExportedMentor>,
  ) {}

  async export(actor: Actor): Promise<AccountExportResponseDto> {
    const user = await this.users.record(actor.id).catch(() => {
      throw CommonErrors.UNAUTHENTICATED();
    });
    const memberships = await this.organizations.membershipsOf(user.id);
    const bookings = await this.bookings.requestedBy(user.id, EXPORT_LIMIT);
    const tokens = await this.calendarTokens.createdBy(user.id, EXPORT_LIMIT);
    const audit = await this.audit.about(user.id, EXPORT_LIMIT);
    const mentor = await this.mentoring.exportOf(user.id);
    return {
      exportedAt: new Date().toISOString(),
      profile: {
        id: user.id,
        email: user.email,
        name: user.name,
        locale: user.locale,
        isAdmin: user.isAdmin,
        emailConfirmedAt: iso(user.emailConfirmedAt),
        createdAt: user.createdAt.toISOString(),
      },
      memberships: memberships.map((m) => ({ ...m, since: m.since.toISOString() })),
      bookingsRequested: {
        total: bookings.total,
        items: bookings.items.map((b) => ({
          ...b,
          startsAt: b.startsAt.toISOString(),
          endsAt: b.endsAt.toISOString(),
          createdAt: b.createdAt.toISOString(),
        })),
      },
      calendarTokens: tokens.map((t) => ({
        ...t,
        createdAt: t.createdAt.toISOString(),
        revokedAt: iso(t.revokedAt),
        lastUsedAt: iso(t.lastUsedAt),
      })),
      mentor,
      auditEntries: audit.map(({ at, actorId, action, entity, entityId, data }) => ({
        at,
        actorId,
        action,
        entity,
        entityId,
        data,
      })),
    };
  }
}
