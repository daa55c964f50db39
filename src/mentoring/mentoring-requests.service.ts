import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { page, PageDto } from '../common/pagination/page';
import { Database } from '../database/database';
import { OrganizationsService } from '../organizations/organizations.service';
import { TopicsService } from '../topics/topics.service';
import {
  CreateMentoringRequestDto,
  MentoringRequestQueryDto,
  MentoringRequestResponseDto,
} from './dto/request.dto';
import { MentoringRequest } from './mentoring-request.entity';
import { MentoringErrors } from './mentoring.errors';

export const toRequestResponse = (request: MentoringRequest): MentoringRequestResponseDto => ({
  id: request.id,
  organizationId: request.organizationId,
  topic: request.topic,
  languages: request.languages,
  description: request.description,
  preferredTimes: request.preferredTimes,
  urgency: request.urgency,
  district: request.district,
  status: request.status,
  createdAt: request.createdAt.toISOString(),
});

/** Organisations ask for a mentor; they see their own requests, staff see all. */
@Injectable()
export class MentoringRequestsService {
  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationsService,
    private readonly topics: TopicsService,
  ) {}

  async create(
    actor: Actor,
    input: CreateMentoringRequestDto,
  ): Promise<MentoringRequestResponseDto> {
    await this.organizations.summary(input.organizationId); // 404 for an unknown one
    await this.organizations.assertMember(actor, input.organizationId);
    if (!(await this.topics.exists(input.topic))) {
      throw MentoringErrors.MENTORING_UNKNOWN_TOPIC({ topic: input.topic });
    }
    const request = await this.db.repository(MentoringRequest).save(
      this.db.repository(MentoringRequest).create({
        organizationId: input.organizationId,
        topic: input.topic,
        languages: input.languages,
        description: input.description,
        preferredTimes: input.preferredTimes ?? [],
        urgency: input.urgency ?? 'normal',
        district: input.district ?? null,
        status: 'open',
        createdBy: actor.id,
      }),
    );
    return toRequestResponse(request);
  }

  async list(
    actor: Actor,
    query: MentoringRequestQueryDto,
  ): Promise<PageDto<MentoringRequestResponseDto>> {
    const builder = this.db.manager
      .createQueryBuilder(MentoringRequest, 'r')
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (!actor.isAdmin) {
      const own = await this.organizations.organizationIdsOf(actor.id);
      builder.andWhere('r.organization_id = ANY(:own)', { own });
    }
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (query.organizationId) {
      builder.andWhere('r.organization_id = :organizationId', {
        organizationId: query.organizationId,
      });
    }
    const [requests, total] = await builder.getManyAndCount();
    return page(requests.map(toRequestResponse), total, query);
  }

  /**
   * A request for staff, its organisation's members and the mentors asked for it or
   * assigned to it; for others it does not exist.
   */
  async visible(actor: Actor, id: string): Promise<MentoringRequest> {
    const request = await this.db.repository(MentoringRequest).findOne({ where: { id } });
    if (!request) throw MentoringErrors.MENTORING_REQUEST_NOT_FOUND();
    if (actor.isAdmin) return request;
    if ((await this.organizations.roleOf(actor.id, request.organizationId)) !== null) {
      return request;
    }
    const [asked] = await this.db.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM mentoring_assignments a JOIN mentors m ON m.id = a.mentor_id
                       WHERE a.request_id = $1 AND m.user_id = $2
                         AND a.status IN ('proposed', 'active', 'completed')) AS found`,
      [id, actor.id],
    );
    if (!asked.found) throw MentoringErrors.MENTORING_REQUEST_NOT_FOUND();
    return request;
  }
}
