import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { Database } from '../database/database';
import { UsersService } from '../identity/users.service';
import { AccountMailsService } from '../notifications/account-mails.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ExportedMentor, MENTORING_PERSONAL_DATA, PersonalDataSource } from './accounts.contract';
import { AccountErrors } from './accounts.errors';

/**
 * Deleting one's own account (see README, "Deleting an account"). In one transaction: the
 * memberships end (refused while the person is the only owner of an organisation that has
 * other members), mails to the address are removed and the name is taken out of other
 * mails, and the account's row is deleted — with it its password hash, links and calendar
 * links (cascade). Bookings stay with their organisation; they no longer say who asked.
 * A mentor's profile and training go; their assignments and meetings stay with the
 * organisations, without the mentor (mentoring ends what was running first).
 * The audit trail keeps the account's id only, which no longer leads to a person.
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly mails: AccountMailsService,
    private readonly audit: AuditService,
    @Inject(MENTORING_PERSONAL_DATA) private readonly mentoring: PersonalDataSource<ExportedMentor>,
  ) {}

  async delete(actor: Actor, password: string): Promise<void> {
    await this.users.checkPassword(actor.id, password);
    await this.db.transaction(async () => {
      const user = await this.users.lock(actor.id);
      if (!user) throw CommonErrors.UNAUTHENTICATED();
      if (user.isAdmin) {
        const admins = await this.users.admins();
        if (!admins.some((admin) => admin.id !== user.id)) throw AccountErrors.LAST_ADMIN();
      }
      await this.organizations.leaveAll(user.id, user.email);
      await this.mentoring.forget(user.id);
      await this.mails.forgetPerson(user);
      await this.users.erase(user.id);
      await this.audit.record({
        actorId: null,
        action: 'user.deleted',
        entity: 'user',
        entityId: user.id,
      });
    });
  }
}
