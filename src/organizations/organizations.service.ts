import { Inject, Injectable, Optional } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { page } from '../common/pagination/page';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { loginUserSql } from '../identity/identity.contract';
import { UsersService } from '../identity/users.service';
import { AddMemberDto } from './dto/add-member.dto';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { OrganizationQueryDto } from './dto/organization-query.dto';
import {
  MemberResponseDto,
  OrganizationResponseDto,
  toOrganizationResponse,
} from './dto/organization.response.dto';
import { UpdateOrganizationDto } from './dto/update-organization.dto';
import { Membership, MembershipRole } from './membership.entity';
import { Organization } from './organization.entity';
import { OrganizationErrors } from './organizations.errors';
import { VERIFICATION_REQUESTS, VerificationRequests } from './organizations.contract';
import { DatabaseChanges } from '../database/database-changes';
import { asKept, deepFreeze, RememberedAnswers } from '../database/remembered-answers';

/** A user's organisations as a form offers them, remembered without bytes of their own. */
interface RememberedNames {
  body: null;
  named: readonly { id: string; name: string }[];
}

/** Lists remembered per process (each a few organisations' names). */
const REMEMBERED = { maxEntries: 10_000, maxBytes: 8 * 1024 * 1024 };

/** The name the agency's own organisation gets when it is first needed (staff may rename it). */
const AGENCY_NAME = 'Freiwilligenagentur';

/** What other modules need to know of an organisation. */
export interface OrganizationSummary {
  id: string;
  name: string;
  verified: boolean;
}

/** Someone to write to about an organisation's bookings. */
export interface MemberContact {
  userId: string;
  role: MembershipRole;
  email: string;
  name: string;
  locale: string;
}

/** One of a user's memberships, as the user's data export shows it. */
export interface UserMembership {
  organizationId: string;
  organizationName: string;
  role: MembershipRole;
  since: Date;
}

export interface OrganizationContacts {
  id: string;
  name: string;
  /** Oldest membership first. */
  members: MemberContact[];
}

/** A row of `contactsOf`: an organisation, and one of its members with their account, if any. */
type ContactRow = { id: string; name: string; role: MembershipRole | null } & (
  | { user_id: string; email: string; user_name: string; locale: string }
  | { user_id: null; email: null; user_name: null; locale: null }
);

@Injectable()
export class OrganizationsService {
  private readonly remembered: RememberedAnswers<RememberedNames>;

  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    changes: DatabaseChanges,
    @Optional()
    @Inject(VERIFICATION_REQUESTS)
    private readonly verificationRequests?: VerificationRequests,
  ) {
    this.remembered = new RememberedAnswers(changes, REMEMBERED);
  }

  private get organizations() {
    return this.db.repository(Organization);
  }

  private get memberships() {
    return this.db.repository(Membership);
  }

  async create(actor: Actor, input: CreateOrganizationDto): Promise<OrganizationResponseDto> {
    const created = await this.db.transaction(async () => {
      const manager = this.db.manager;
      const organization = await manager.save(
        manager.create(Organization, { ...input, contactEmail: input.contactEmail?.toLowerCase() }),
      );
      await manager.insert(Membership, {
        organizationId: organization.id,
        userId: actor.id,
        role: 'owner',
      });
      await this.verificationRequests?.awaitingVerification({
        id: organization.id,
        name: organization.name,
      });
      return organization;
    });
    return toOrganizationResponse(created, 'owner', true);
  }

  async list(actor: Actor | undefined, query: OrganizationQueryDto) {
    const builder = this.organizations
      .createQueryBuilder('o')
      .leftJoin(Membership, 'm', 'm.organization_id = o.id AND m.user_id = :actorId', {
        actorId: actor?.id ?? null,
      })
      .addSelect('m.role', 'my_role')
      .orderBy('lower(o.name)')
      .addOrderBy('o.id')
      .limit(query.limit)
      .offset(query.offset);
    if (query.kind) builder.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.language)
      builder.andWhere(':language = ANY(o.languages)', { language: query.language });
    if (query.field) builder.andWhere(':field = ANY(o.fields)', { field: query.field });
    if (query.district) {
      builder.andWhere('lower(o.district) = lower(:district)', { district: query.district });
    }
    if (query.verified !== undefined) {
      builder.andWhere(query.verified ? 'o.verified_at IS NOT NULL' : 'o.verified_at IS NULL');
    }
    if (query.mine) builder.andWhere('m.role IS NOT NULL');
    if (query.q) builder.andWhere("o.name ILIKE '%' || :q || '%'", { q: escapeLike(query.q) });

    const [{ entities, raw }, total] = await Promise.all([
      builder.getRawAndEntities<{ my_role: MembershipRole | null }>(),
      builder.getCount(),
    ]);
    const items = entities.map((organization, index) => {
      const role = raw[index].my_role;
      return toOrganizationResponse(organization, role, role !== null || actor?.isAdmin === true);
    });
    return page<OrganizationResponseDto>(items, total, query);
  }

  async get(actor: Actor | undefined, id: string): Promise<OrganizationResponseDto> {
    const organization = await this.find(id);
    const role = actor ? await this.roleOf(actor.id, id) : null;
    const insider = role !== null || actor?.isAdmin === true;
    const response = toOrganizationResponse(organization, role, insider);
    if (insider) response.members = await this.members(id);
    return response;
  }

  async update(actor: Actor, id: string, input: UpdateOrganizationDto) {
    const organization = await this.find(id);
    await this.assertOwner(actor, id);
    Object.assign(organization, input);
    if (input.contactEmail) organization.contactEmail = input.contactEmail.toLowerCase();
    const saved = await this.organizations.save(organization);
    return this.get(actor, saved.id);
  }

  async verify(actor: Actor, id: string, verified: boolean): Promise<OrganizationResponseDto> {
    await this.db.transaction(async () => {
      const organization = await this.find(id);
      // Only a change is recorded: verifying twice keeps the first verification.
      if (verified === (organization.verifiedAt !== null)) return;
      organization.verifiedAt = verified ? new Date() : null;
      organization.verifiedBy = verified ? actor.id : null;
      await this.organizations.save(organization);
      await this.audit.record({
        actorId: actor.id,
        action: verified ? 'organization.verified' : 'organization.unverified',
        entity: 'organization',
        entityId: id,
      });
    });
    return this.get(actor, id);
  }

  async addMember(actor: Actor, id: string, input: AddMemberDto): Promise<MemberResponseDto> {
    await this.find(id);
    await this.assertOwner(actor, id);
    const user = await this.users.findByEmail(input.email);
    if (!user) throw OrganizationErrors.NO_ACCOUNT_FOR_EMAIL({ email: input.email });
    const inserted = await this.memberships
      .createQueryBuilder()
      .insert()
      .values({ organizationId: id, userId: user.id, role: input.role })
      .orIgnore()
      .returning(['created_at'])
      .execute();
    const rows = inserted.raw as { created_at: Date }[];
    if (rows.length === 0) throw OrganizationErrors.ALREADY_MEMBER({ email: user.email });
    const createdAt = rows[0].created_at;
    return {
      userId: user.id,
      name: user.name,
      email: user.email,
      role: input.role,
      since: createdAt.toISOString(),
    };
  }

  /** Owners and admins remove anyone; a member may leave. The last owner stays. */
  async removeMember(actor: Actor, id: string, userId: string): Promise<void> {
    await this.find(id);
    if (actor.id !== userId) await this.assertOwner(actor, id);
    await this.db.transaction(async () => {
      const manager = this.db.manager;
      // Lock the owners, so that two owners removing each other cannot both succeed.
      const owners = await manager
        .createQueryBuilder(Membership, 'm')
        .setLock('pessimistic_write')
        .where('m.organization_id = :id AND m.role = :role', { id, role: 'owner' })
        .getMany();
      const target = await manager.findOne(Membership, { where: { organizationId: id, userId } });
      if (!target) throw OrganizationErrors.MEMBER_NOT_FOUND();
      if (target.role === 'owner' && owners.length <= 1) throw OrganizationErrors.LAST_OWNER();
      await manager.delete(Membership, { organizationId: id, userId });
    });
  }

  // ---- for other modules -------------------------------------------------------------

  async roleOf(userId: string, organizationId: string): Promise<MembershipRole | null> {
    const membership = await this.memberships.findOne({ where: { organizationId, userId } });
    return membership?.role ?? null;
  }

  /** Members (owners included) and admins act for the organisation. */
  async assertMember(actor: Actor, organizationId: string): Promise<void> {
    if (actor.isAdmin) return;
    if ((await this.roleOf(actor.id, organizationId)) === null) throw CommonErrors.FORBIDDEN();
  }

  async assertOwner(actor: Actor, organizationId: string): Promise<void> {
    if (actor.isAdmin) return;
    if ((await this.roleOf(actor.id, organizationId)) !== 'owner') throw CommonErrors.FORBIDDEN();
  }

  async organizationIdsOf(userId: string): Promise<string[]> {
    const rows = await this.memberships.find({
      where: { userId },
      select: { organizationId: true },
    });
    return rows.map((row) => row.organizationId);
  }

  /**
   * For each organisation, its summary and whether its own `userId` is a member, in one
   * statement for all (what booking requests in the organisations' names are judged by; a
   * batch of them asks about several): for each pair, in order, the answer, or null when
   * there is no such organisation.
   */
  async summariesFor(
    asked: readonly { id: string; userId: string }[],
  ): Promise<((OrganizationSummary & { member: boolean }) | null)[]> {
    const rows = await this.db.prepared<
      { n: string; name: string; verified: boolean; member: boolean }[]
    >(
      // Each pair looks up its own organisation by key (LATERAL … OFFSET 0): the same plan
      // however many pairs, also as a generic plan.
      `SELECT asked.n, o.*
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS asked (id, user_id, n)
         CROSS JOIN LATERAL (
           SELECT o.name, o.verified_at IS NOT NULL AS verified,
                  EXISTS (SELECT 1 FROM memberships m
                           WHERE m.organization_id = o.id AND m.user_id = asked.user_id) AS member
             FROM organizations o WHERE o.id = asked.id
           OFFSET 0) o`,
      [asked.map((a) => a.id), asked.map((a) => a.userId)],
    );
    const byPosition = new Map(rows.map((row) => [Number(row.n), row]));
    return asked.map(({ id }, i) => {
      const row = byPosition.get(i + 1);
      return row ? { id, name: row.name, verified: row.verified, member: row.member } : null;
    });
  }

  async summary(id: string): Promise<OrganizationSummary> {
    const organization = await this.find(id);
    return { id, name: organization.name, verified: organization.verifiedAt !== null };
  }

  /**
   * The agency's own organisation, in whose name the forum books rooms. Made on first use
   * (verified, without members: mail about its bookings goes to the admin who acted), in the
   * caller's transaction; the unique index on `is_agency` keeps it one, also when two
   * instances make it at once.
   */
  async agencyId(): Promise<string> {
    const found = await this.organizations.findOne({
      where: { isAgency: true },
      select: { id: true },
    });
    if (found) return found.id;
    await this.db.query(
      `INSERT INTO organizations (name, kind, verified_at, is_agency)
       VALUES ($1, 'public_facility', now(), true)
       ON CONFLICT (is_agency) WHERE is_agency DO NOTHING`,
      [AGENCY_NAME],
    );
    const made = await this.organizations.findOneOrFail({
      where: { isAgency: true },
      select: { id: true },
    });
    return made.id;
  }

  /** The ids of all verified organisations but the agency's own (the needs survey asks them). */
  async verifiedIds(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM organizations WHERE verified_at IS NOT NULL AND NOT is_agency ORDER BY id`,
    );
    return rows.map((row) => row.id);
  }

  /** Names of several organisations at once (unknown ids are left out). */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.organizations.find({
      where: { id: In(ids) },
      select: { id: true, name: true },
    });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /**
   * Names and members, with address and language, of these organisations, for mail about
   * their bookings (unknown ids are left out). The people's accounts are identity's: read with
   * its SQL (`loginUserSql`), in the same statement.
   */
  async contactsOf(ids: string[]): Promise<Map<string, OrganizationContacts>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.prepared<ContactRow[]>(
      // Each organisation's members by key (LATERAL … OFFSET 0), and each member's account by
      // key: also as a generic plan.
      `SELECT o.id, o.name, m.role, u.id AS user_id, u.email, u.name AS user_name, u.locale
         FROM organizations o
         LEFT JOIN LATERAL (
           SELECT user_id, role, created_at FROM memberships
            WHERE organization_id = o.id OFFSET 0) m ON true
         LEFT JOIN LATERAL (${loginUserSql('m.user_id')} OFFSET 0) u ON true
        WHERE o.id = ANY($1::uuid[])
        ORDER BY o.id, m.created_at, m.user_id`,
      [[...new Set(ids)]],
    );
    const result = new Map<string, OrganizationContacts>();
    for (const row of rows) {
      let contacts = result.get(row.id);
      if (!contacts) result.set(row.id, (contacts = { id: row.id, name: row.name, members: [] }));
      if (row.role && row.user_id !== null) {
        contacts.members.push({
          userId: row.user_id,
          role: row.role,
          email: row.email,
          name: row.user_name,
          locale: row.locale,
        });
      }
    }
    return result;
  }

  /** The organisations a user is a member of, by name, at most `limit` (for forms' choices). */
  async namedOf(userId: string, limit: number): Promise<{ id: string; name: string }[]> {
    return this.db.query<{ id: string; name: string }[]>(
      `SELECT o.id, o.name
         FROM memberships m JOIN organizations o ON o.id = m.organization_id
        WHERE m.user_id = $1
        ORDER BY lower(o.name), o.id LIMIT $2`,
      [userId, limit],
    );
  }

  /**
   * As `namedOf`, remembered while neither the user's memberships (`memberships:<user>`) nor
   * the organisations' names (`organization:<id>`) were announced (src/database/README.md):
   * the choice of organisation on the forms. The same (frozen) list while it is remembered;
   * without announcements every call reads the database.
   */
  async namedOfRemembered(
    userId: string,
    limit: number,
  ): Promise<readonly { id: string; name: string }[]> {
    const { named } = await this.remembered.answer(
      `${userId}|${limit}`,
      async () => {
        const found = await this.namedOf(userId, limit);
        return {
          body: null,
          named: deepFreeze(found),
          keep: {
            subjects: [`memberships:${userId}`, ...found.map(({ id }) => `organization:${id}`)],
            expiresAt: Infinity,
          },
        };
      },
      asKept,
    );
    return named;
  }

  /** The user's memberships with the organisations' names, oldest first (for an export). */
  async membershipsOf(userId: string): Promise<UserMembership[]> {
    const rows = await this.db.query<
      { organization_id: string; name: string; role: MembershipRole; created_at: Date }[]
    >(
      `SELECT m.organization_id, o.name, m.role, m.created_at
         FROM memberships m JOIN organizations o ON o.id = m.organization_id
        WHERE m.user_id = $1
        ORDER BY m.created_at, m.organization_id`,
      [userId],
    );
    return rows.map((row) => ({
      organizationId: row.organization_id,
      organizationName: row.name,
      role: row.role,
      since: row.created_at,
    }));
  }

  /**
   * Ends all of a user's memberships, for an account being deleted. Refused with
   * LAST_OWNER_OF (naming the organisations) where the user is the only owner and others are
   * members: they would be left without anyone to run it — an owner must hand over first.
   * An organisation the user runs alone stays, without members, in the admins' care, with
   * its bookings. The owners' rows are locked, so that two owners leaving at once cannot
   * leave an organisation with members but no owner. The address is also taken out of the
   * organisations' contact addresses. Runs in the caller's transaction.
   */
  async leaveAll(userId: string, email: string): Promise<void> {
    await this.lockOwnershipsOf(userId);
    const rows = await this.db.query<{ organization_id: string; name: string }[]>(
      `SELECT o.id AS organization_id, o.name
         FROM memberships mine JOIN organizations o ON o.id = mine.organization_id
        WHERE mine.user_id = $1 AND mine.role = 'owner'
          AND NOT EXISTS (SELECT 1 FROM memberships other
                           WHERE other.organization_id = mine.organization_id
                             AND other.user_id <> $1 AND other.role = 'owner')
          AND EXISTS (SELECT 1 FROM memberships other
                       WHERE other.organization_id = mine.organization_id AND other.user_id <> $1)
        ORDER BY lower(o.name)`,
      [userId],
    );
    if (rows.length > 0) {
      throw OrganizationErrors.LAST_OWNER_OF(
        { organizations: rows.map((row) => row.name).join(', ') },
        { organizations: rows.map((row) => ({ id: row.organization_id, name: row.name })) },
      );
    }
    await this.db.query(`DELETE FROM memberships WHERE user_id = $1`, [userId]);
    await this.db.query(`UPDATE organizations SET contact_email = NULL WHERE contact_email = $1`, [
      email,
    ]);
  }

  /** Locks the owner rows of the organisations this user owns, until the transaction ends. */
  private async lockOwnershipsOf(userId: string): Promise<void> {
    await this.db.query(
      `SELECT 1 FROM memberships
        WHERE role = 'owner' AND organization_id IN
              (SELECT organization_id FROM memberships WHERE user_id = $1 AND role = 'owner')
        ORDER BY organization_id, user_id
        FOR UPDATE`,
      [userId],
    );
  }

  private async find(id: string): Promise<Organization> {
    const organization = await this.organizations.findOne({ where: { id } });
    if (!organization) throw OrganizationErrors.ORGANIZATION_NOT_FOUND();
    return organization;
  }

  private async members(id: string): Promise<MemberResponseDto[]> {
    const memberships = await this.memberships.find({
      where: { organizationId: id },
      order: { createdAt: 'ASC' },
    });
    const users = await this.users.findByIds(memberships.map((m) => m.userId));
    return memberships.flatMap((membership) => {
      const user = users.get(membership.userId);
      return user
        ? [
            {
              userId: user.id,
              name: user.name,
              email: user.email,
              role: membership.role,
              since: membership.createdAt.toISOString(),
            },
          ]
        : [];
    });
  }
}

/** `%` and `_` in user text are literal characters, not wildcards. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
