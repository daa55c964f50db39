import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { page, PageDto, PageQueryDto } from '../common/pagination/page';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UsersService } from '../identity/users.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { CalendarToken } from './calendar-token.entity';
import { CalendarErrors } from './calendar.errors';
import { EventFeedSourcesService } from './event-feed-sources.service';
import {
  CalendarTokenResponseDto,
  CreatedCalendarTokenResponseDto,
  toCalendarTokenResponse,
} from './dto/calendar-token.response.dto';
import { CreateCalendarTokenDto } from './dto/create-calendar-token.dto';
import { Database } from '../database/database';

/** 32 random bytes: 256 bits, 43 characters of base64url. */
const SECRET_BYTES = 32;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** How often `last_used_at` is written at most: reading a feed should not mean writing. */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

const hashOf = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/** A live feed link and the user who made it, whose rights it carries. */
/** A feed link's metadata: never its secret, which is not stored. */
export interface CalendarTokenRecord {
  id: string;
  scope: string;
  subjectId: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ResolvedToken {
  token: CalendarToken;
  creator: Actor;
}

/**
 * Secret links to private feeds. A link carries its creator's rights, checked again on every
 * read: leaving the organisation closes the link as revoking it does.
 */
@Injectable()
export class CalendarTokensService {
  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sources: EventFeedSourcesService,
  ) {}

  private get tokens() {
    return this.db.repository(CalendarToken);
  }

  async create(
    actor: Actor,
    input: CreateCalendarTokenDto,
  ): Promise<CreatedCalendarTokenResponseDto> {
    await this.assertMayCreate(actor, input);
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    const token = await this.tokens.save(
      this.tokens.create({
        scope: input.scope,
        subjectId: input.subjectId,
        createdBy: actor.id,
        tokenHash: hashOf(secret),
      }),
    );
    return {
      ...toCalendarTokenResponse(token),
      url: `${this.config.publicUrl}/api/calendar/feeds/${secret}.ics`,
    };
  }

  async list(actor: Actor, query: PageQueryDto): Promise<PageDto<CalendarTokenResponseDto>> {
    const [rows, total] = await this.tokens.findAndCount({
      where: { createdBy: actor.id, revokedAt: IsNull() },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(rows.map(toCalendarTokenResponse), total, query);
  }

  /** Every link a user made, revoked ones too, without secrets (for the user's data export). */
  async createdBy(userId: string, limit: number): Promise<CalendarTokenRecord[]> {
    const rows = await this.tokens.find({
      where: { createdBy: userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    return rows.map((row) => ({
      id: row.id,
      scope: row.scope,
      subjectId: row.subjectId,
      createdAt: row.createdAt,
      revokedAt: row.revokedAt,
      lastUsedAt: row.lastUsedAt,
    }));
  }

  /** Its creator or an admin; someone else's link is answered as if it did not exist. */
  async revoke(actor: Actor, id: string): Promise<void> {
    const token = await this.tokens.findOne({ where: { id, revokedAt: IsNull() } });
    if (!token || (token.createdBy !== actor.id && !actor.isAdmin)) {
      throw CalendarErrors.CALENDAR_TOKEN_NOT_FOUND();
    }
    // The condition makes a concurrent second revocation a no-op rather than a new date.
    await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * The live link for a secret, or FEED_NOT_FOUND — the same for a malformed, unknown or
   * revoked secret, and for a creator who lost the right to the feed.
   */
  async resolve(secret: string): Promise<ResolvedToken> {
    if (!SECRET.test(secret)) throw CalendarErrors.FEED_NOT_FOUND();
    const token = await this.tokens.findOne({
      where: { tokenHash: hashOf(secret), revokedAt: IsNull() },
    });
    const creator = token ? await this.users.findById(token.createdBy) : null;
    if (!token || !creator || !(await this.mayRead(creator, token))) {
      throw CalendarErrors.FEED_NOT_FOUND();
    }
    await this.touch(token);
    return { token, creator };
  }

  private async assertMayCreate(actor: Actor, input: CreateCalendarTokenDto): Promise<void> {
    switch (input.scope) {
      case 'organization':
      case 'owner':
        await this.organizations.summary(input.subjectId); // 404 for an unknown organisation
        await this.organizations.assertMember(actor, input.subjectId);
        return;
      case 'user':
        if (input.subjectId !== actor.id && !actor.isAdmin) throw CommonErrors.FORBIDDEN();
        await this.users.get(input.subjectId);
        return;
      case 'mentor': {
        // The mentor's own link (or staff's): meetings carry organisations' names.
        const mentor = await this.sources.feedSubjectOwner({
          scope: 'mentor',
          mentorId: input.subjectId,
        });
        if (!mentor) throw CommonErrors.NOT_FOUND();
        if (mentor.userId !== actor.id && !actor.isAdmin) throw CommonErrors.FORBIDDEN();
        return;
      }
    }
  }

  private async mayRead(creator: Actor, token: CalendarToken): Promise<boolean> {
    if (creator.isAdmin) return true;
    switch (token.scope) {
      case 'organization':
      case 'owner':
        return (await this.organizations.roleOf(creator.id, token.subjectId)) !== null;
      case 'user':
        return token.subjectId === creator.id;
      case 'mentor':
        return (
          (await this.sources.feedSubjectOwner({ scope: 'mentor', mentorId: token.subjectId }))
            ?.userId === creator.id
        );
    }
  }

  private async touch(token: CalendarToken): Promise<void> {
    const now = Date.now();
    if (token.lastUsedAt && now - token.lastUsedAt.getTime() < TOUCH_EVERY_MS) return;
    await this.tokens
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :id', { id: token.id })
      .andWhere("(last_used_at IS NULL OR last_used_at < now() - interval '1 hour')")
      .execute();
  }
}
