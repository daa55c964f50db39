import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { sqlStateOf, UNIQUE_VIOLATION } from '../common/errors/sql-state';
import { page, PageDto } from '../common/pagination/page';
import { Database } from '../database/database';
import { UsersService } from '../identity/users.service';
import { TopicsService } from '../topics/topics.service';
import {
  CreateMentorDto,
  MentorQueryDto,
  MentorResponseDto,
  UpdateMentorDto,
} from './dto/mentor.dto';
import { Mentor } from './mentor.entity';
import { ASSIGNED, MentoringAccessService } from './mentoring-access.service';
import { MentoringErrors } from './mentoring.errors';
import { MentorTrainingService } from './mentor-training.service';

/** What the caller may see of a mentor beyond the profile. */
interface Sight {
  contact: boolean;
  training: boolean;
}

/**
 * Mentor profiles. A user becomes a mentor in training (or staff make them one); staff
 * certify (`MentorTrainingService`). Seen only by staff, the mentor, and the organisations
 * assigned to them — there is no public list.
 */
@Injectable()
export class MentorsService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly access: MentoringAccessService,
    private readonly training: MentorTrainingService,
  ) {}

  async create(actor: Actor, input: CreateMentorDto): Promise<MentorResponseDto> {
    const userId = input.userId ?? actor.id;
    if (userId !== actor.id && !actor.isAdmin) throw CommonErrors.FORBIDDEN();
    if (userId !== actor.id) await this.users.get(userId); // 404 for an unknown user
    await this.assertTopics(input.topics);
    try {
      const mentor = await this.db.repository(Mentor).save(
        this.db.repository(Mentor).create({
          userId,
          languages: input.languages,
          topics: input.topics,
          bio: input.bio ?? null,
          district: input.district ?? null,
          capacity: input.capacity,
          availability: input.availability,
          status: 'in_training',
        }),
      );
      return this.respond(await this.find(mentor.id), { contact: true, training: true });
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION) throw MentoringErrors.MENTOR_EXISTS();
      throw error;
    }
  }

  async list(actor: Actor, query: MentorQueryDto): Promise<PageDto<MentorResponseDto>> {
    const organizationIds = actor.isAdmin ? [] : await this.access.organizationIdsOf(actor);
    const builder = this.db.manager
      .createQueryBuilder(Mentor, 'm')
      .orderBy('m.created_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.status) builder.andWhere('m.status = :status', { status: query.status });
    if (!actor.isAdmin) {
      builder.andWhere(
        `(m.user_id = :me OR EXISTS (
            SELECT 1 FROM mentoring_assignments a
              JOIN mentoring_requests r ON r.id = a.request_id
             WHERE a.mentor_id = m.id AND a.status IN (:...assigned)
               AND r.organization_id = ANY(:organizations)))`,
        { me: actor.id, assigned: [...ASSIGNED], organizations: organizationIds },
      );
    }
    const [mentors, total] = await builder.getManyAndCount();
    // Whoever sees a mentor in the list is staff, the mentor, or assigned to them.
    const items = await this.respondAll(mentors, () => ({ contact: true, training: false }));
    return page(items, total, query);
  }

  async get(actor: Actor, id: string): Promise<MentorResponseDto> {
    const mentor = await this.find(id);
    return this.respond(mentor, await this.sight(actor, mentor));
  }

  async update(actor: Actor, id: string, input: UpdateMentorDto): Promise<MentorResponseDto> {
    return this.db.transaction(async () => {
      const mentor = await this.db.manager.findOne(Mentor, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!mentor) throw MentoringErrors.MENTOR_NOT_FOUND();
      if (mentor.userId !== actor.id && !actor.isAdmin) {
        throw (await this.access.isAssignedOrganization(actor, id))
          ? CommonErrors.FORBIDDEN()
          : MentoringErrors.MENTOR_NOT_FOUND();
      }
      if (input.topics) await this.assertTopics(input.topics);
      if (input.capacity !== undefined && input.capacity < mentor.placesTaken) {
        throw MentoringErrors.CAPACITY_BELOW_TAKEN_PLACES({ placesTaken: mentor.placesTaken });
      }
      if (input.status !== undefined && input.status !== mentor.status) {
        // Certification is staff's (POST /certify); a certified mentor may pause, retire
        // and come back; one in training may only leave.
        const allowed =
          input.status === 'in_training'
            ? mentor.certifiedAt === null
            : input.status === 'certified'
              ? mentor.certifiedAt !== null
              : input.status === 'retired' || mentor.certifiedAt !== null;
        if (!allowed) throw MentoringErrors.MENTOR_STATUS_NOT_ALLOWED({ status: input.status });
      }
      const changes: Partial<Mentor> = {};
      for (const key of ['languages', 'topics', 'capacity', 'availability', 'status'] as const) {
        if (input[key] !== undefined) Object.assign(changes, { [key]: input[key] });
      }
      if (input.bio !== undefined) changes.bio = input.bio ?? null;
      if (input.district !== undefined) changes.district = input.district ?? null;
      if (Object.keys(changes).length) await this.db.manager.update(Mentor, { id }, changes);
      return this.respond(await this.find(id), await this.sight(actor, mentor));
    });
  }

  /** The caller's own mentor profile with training progress, or null (the pages' "my profile"). */
  async mine(actor: Actor): Promise<MentorResponseDto | null> {
    const mentor = await this.access.mentorOfUser(actor.id);
    return mentor ? this.respond(mentor, { contact: true, training: true }) : null;
  }

  /** The mentor of the feed link, for the calendar. */
  async ownerOf(id: string): Promise<{ userId: string; name: string } | null> {
    const mentor = await this.db.repository(Mentor).findOne({ where: { id } });
    if (!mentor) return null;
    const user = await this.users.findById(mentor.userId);
    return user ? { userId: user.id, name: user.name } : null;
  }

  async find(id: string): Promise<Mentor> {
    const mentor = await this.db.repository(Mentor).findOne({ where: { id } });
    if (!mentor) throw MentoringErrors.MENTOR_NOT_FOUND();
    return mentor;
  }

  /** Staff and the mentor see everything; an assigned organisation the profile and contact. */
  private async sight(actor: Actor, mentor: Mentor): Promise<Sight> {
    if (actor.isAdmin || mentor.userId === actor.id) return { contact: true, training: true };
    if (await this.access.isAssignedOrganization(actor, mentor.id)) {
      return { contact: true, training: false };
    }
    throw MentoringErrors.MENTOR_NOT_FOUND();
  }

  async respond(mentor: Mentor, sight: Sight): Promise<MentorResponseDto> {
    const [response] = await this.respondAll([mentor], () => sight);
    return response;
  }

  private async respondAll(
    mentors: Mentor[],
    sightOf: (mentor: Mentor) => Sight,
  ): Promise<MentorResponseDto[]> {
    const users = await this.users.findByIds(mentors.map((mentor) => mentor.userId));
    const active = await this.activeCounts(mentors.map((mentor) => mentor.id));
    const responses: MentorResponseDto[] = [];
    for (const mentor of mentors) {
      const sight = sightOf(mentor);
      const user = users.get(mentor.userId);
      responses.push({
        id: mentor.id,
        userId: mentor.userId,
        name: user?.name ?? '',
        email: sight.contact ? (user?.email ?? null) : null,
        languages: mentor.languages,
        topics: mentor.topics,
        bio: mentor.bio,
        district: mentor.district,
        capacity: mentor.capacity,
        availability: mentor.availability,
        status: mentor.status,
        activeAssignments: active.get(mentor.id) ?? 0,
        placesTaken: mentor.placesTaken,
        certifiedAt: mentor.certifiedAt?.toISOString() ?? null,
        ...(sight.training ? { training: await this.training.progress(mentor) } : {}),
      });
    }
    return responses;
  }

  private async activeCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{ mentor_id: string; n: number }[]>(
      `SELECT mentor_id, count(*)::int AS n FROM mentoring_assignments
        WHERE mentor_id = ANY($1::uuid[]) AND status = 'active' GROUP BY mentor_id`,
      [ids],
    );
    return new Map(rows.map((row) => [row.mentor_id, row.n]));
  }

  private async assertTopics(topics: string[]): Promise<void> {
    for (const topic of topics) {
      if (!(await this.topics.exists(topic))) {
        throw MentoringErrors.MENTORING_UNKNOWN_TOPIC({ topic });
      }
    }
  }
}
