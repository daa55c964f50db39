import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { sqlStateOf, UNIQUE_VIOLATION } from '../common/errors/sql-state';
import { page, PageDto, PageQueryDto } from '../common/pagination/page';
import { Database } from '../database/database';
import { Assignment, EndedBy } from './assignment.entity';
import { AssignmentResponseDto, ProposeMentorDto } from './dto/assignment.dto';
import { Mentor } from './mentor.entity';
import { AssignmentRole, MentoringAccessService } from './mentoring-access.service';
import { MentoringMailsService } from './mentoring-mails.service';
import { MentoringRequest } from './mentoring-request.entity';
import { MentoringErrors } from './mentoring.errors';

export const toAssignmentResponse = (
  assignment: Assignment,
  request: MentoringRequest,
): AssignmentResponseDto => ({
  id: assignment.id,
  requestId: assignment.requestId,
  mentorId: assignment.mentorId,
  organizationId: request.organizationId,
  status: assignment.status,
  acceptedAt: assignment.acceptedAt?.toISOString() ?? null,
  endedAt: assignment.endedAt?.toISOString() ?? null,
  endReason: assignment.endReason,
  endedBy: assignment.endedBy,
});

/**
 * Proposals and assignments. Staff propose a mentor for a request; the proposal holds one of
 * the mentor's places until it is answered. The mentor accepts or declines; an assignment
 * runs until completed or ended by either side.
 *
 * Every change locks in one order — the request's row, then the assignment's, then mentors'
 * rows through their conditional UPDATE of `places_taken` — so that concurrent changes wait
 * for each other instead of deadlocking. Two proposals for a mentor's last place: the second
 * UPDATE finds no free place. Two mentors accepting one request: the second finds it matched.
 * The CHECK on `places_taken` and the unique index on running assignments per request hold
 * it in the database too.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly db: Database,
    private readonly access: MentoringAccessService,
    private readonly mails: MentoringMailsService,
    private readonly audit: AuditService,
  ) {}

  async propose(
    actor: Actor,
    requestId: string,
    input: ProposeMentorDto,
  ): Promise<AssignmentResponseDto> {
    try {
      return await this.db.transaction(async () => {
        const request = await this.lockRequest(requestId);
        if (request.status !== 'open') throw MentoringErrors.MENTORING_REQUEST_NOT_OPEN();
        const mentor = await this.db.manager.findOne(Mentor, { where: { id: input.mentorId } });
        if (!mentor) throw MentoringErrors.MENTOR_NOT_FOUND();
        if (mentor.status !== 'certified') throw MentoringErrors.MENTOR_NOT_AVAILABLE();
        if (!mentor.languages.some((language) => request.languages.includes(language))) {
          throw MentoringErrors.NO_SHARED_LANGUAGE();
        }
        const existing = await this.db.manager.findOne(Assignment, {
          where: [
            { requestId, mentorId: mentor.id, status: 'proposed' },
            { requestId, mentorId: mentor.id, status: 'active' },
          ],
        });
        if (existing) throw MentoringErrors.ALREADY_PROPOSED();
        // A SELECT around the UPDATE: its rows come back as rows (a bare UPDATE … RETURNING
        // answers [rows, count] through TypeORM).
        const taken = await this.db.query<{ id: string }[]>(
          `WITH taken AS (
             UPDATE mentors SET places_taken = places_taken + 1, updated_at = now()
              WHERE id = $1 AND places_taken < capacity AND status = 'certified' RETURNING id)
           SELECT id FROM taken`,
          [mentor.id],
        );
        if (taken.length === 0) {
          throw MentoringErrors.MENTOR_AT_CAPACITY({ capacity: mentor.capacity });
        }
        const assignment = await this.db.manager.save(
          this.db.manager.create(Assignment, {
            requestId,
            mentorId: mentor.id,
            status: 'proposed',
            message: input.message ?? null,
            proposedBy: actor.id,
          }),
        );
        await this.record(actor, 'mentoring.proposed', assignment.id, { mentorId: mentor.id });
        await this.mails.tell('proposed', assignment, request, mentor);
        return toAssignmentResponse(assignment, request);
      });
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION) throw MentoringErrors.ALREADY_PROPOSED();
      throw error;
    }
  }

  async accept(actor: Actor, id: string): Promise<AssignmentResponseDto> {
    try {
      return await this.db.transaction(async () => {
        const role = await this.lockedRole(actor, id);
        const { assignment, request, mentor } = role;
        if (!role.isMentor || !mentor) throw MentoringErrors.NOT_THE_MENTOR();
        if (assignment.status !== 'proposed') throw MentoringErrors.ASSIGNMENT_NOT_PROPOSED();
        if (request.status !== 'open') throw MentoringErrors.MENTORING_REQUEST_NOT_OPEN();
        await this.db.manager.update(MentoringRequest, { id: request.id }, { status: 'matched' });
        await this.db.manager.update(
          Assignment,
          { id },
          { status: 'active', acceptedAt: new Date(), decidedAt: new Date() },
        );
        // The other proposals for this request are moot: their places are free again.
        const others = await this.db.query<{ mentor_id: string }[]>(
          `WITH withdrawn AS (
             UPDATE mentoring_assignments SET status = 'withdrawn', decided_at = now(),
                    updated_at = now()
              WHERE request_id = $1 AND status = 'proposed' AND id <> $2 RETURNING mentor_id)
           SELECT mentor_id FROM withdrawn`,
          [request.id, id],
        );
        for (const other of [...new Set(others.map((row) => row.mentor_id))].sort()) {
          await this.freePlaces(other, others.filter((row) => row.mentor_id === other).length);
        }
        const accepted = await this.db.manager.findOneByOrFail(Assignment, { id });
        await this.record(actor, 'mentoring.accepted', id, { withdrawn: others.length });
        await this.mails.tell('accepted', accepted, request, mentor);
        return toAssignmentResponse(accepted, { ...request, status: 'matched' });
      });
    } catch (error) {
      // The unique index on running assignments: another acceptance came first.
      if (sqlStateOf(error) === UNIQUE_VIOLATION) {
        throw MentoringErrors.MENTORING_REQUEST_NOT_OPEN();
      }
      throw error;
    }
  }

  async decline(actor: Actor, id: string, reason?: string): Promise<AssignmentResponseDto> {
    return this.db.transaction(async () => {
      const { assignment, request, mentor, isMentor } = await this.lockedRole(actor, id);
      if (!isMentor || !mentor) throw MentoringErrors.NOT_THE_MENTOR();
      if (assignment.status !== 'proposed') throw MentoringErrors.ASSIGNMENT_NOT_PROPOSED();
      await this.db.manager.update(
        Assignment,
        { id },
        { status: 'declined', decidedAt: new Date(), endReason: reason ?? null },
      );
      await this.freePlaces(mentor.id, 1);
      await this.record(actor, 'mentoring.declined', id);
      return toAssignmentResponse(
        await this.db.manager.findOneByOrFail(Assignment, { id }),
        request,
      );
    });
  }

  /** Completed (done as planned) or ended early, by the mentor, the organisation or staff. */
  async finish(
    actor: Actor,
    id: string,
    outcome: 'completed' | 'ended',
    reason?: string,
  ): Promise<AssignmentResponseDto> {
    return this.db.transaction(async () => {
      const role = await this.lockedRole(actor, id);
      const { assignment, request, mentor } = role;
      // A running assignment always has its mentor (a CHECK); the test narrows the type.
      if (assignment.status !== 'active' || !mentor) throw MentoringErrors.ASSIGNMENT_NOT_ACTIVE();
      const endedBy: EndedBy = role.isMentor
        ? 'mentor'
        : role.isOrganization
          ? 'organization'
          : 'staff';
      await this.db.manager.update(
        Assignment,
        { id },
        { status: outcome, endedAt: new Date(), endedBy, endReason: reason ?? null },
      );
      await this.db.manager.update(MentoringRequest, { id: request.id }, { status: 'closed' });
      await this.freePlaces(mentor.id, 1);
      const finished = await this.db.manager.findOneByOrFail(Assignment, { id });
      await this.record(actor, `mentoring.${outcome}`, id, { endedBy });
      await this.mails.tell(outcome, finished, request, mentor);
      return toAssignmentResponse(finished, { ...request, status: 'closed' });
    });
  }

  async get(actor: Actor, id: string): Promise<AssignmentResponseDto> {
    const { assignment, request } = await this.access.assignmentRole(actor, id);
    return toAssignmentResponse(assignment, request);
  }

  /** The assignment and how the caller stands to it, so that a page offers what each may do. */
  async standing(
    actor: Actor,
    id: string,
  ): Promise<{
    assignment: AssignmentResponseDto;
    isStaff: boolean;
    isMentor: boolean;
    isOrganization: boolean;
  }> {
    const role = await this.access.assignmentRole(actor, id);
    return {
      assignment: toAssignmentResponse(role.assignment, role.request),
      isStaff: role.isStaff,
      isMentor: role.isMentor,
      isOrganization: role.isOrganization,
    };
  }

  /** The caller's: as mentor, for their organisations, or all for staff. */
  async list(actor: Actor, query: PageQueryDto): Promise<PageDto<AssignmentResponseDto>> {
    const organizationIds = actor.isAdmin ? [] : await this.access.organizationIdsOf(actor);
    const mentor = actor.isAdmin ? null : await this.access.mentorOfUser(actor.id);
    const rows = await this.db.query<(Assignment & { organizationId: string; total: number })[]>(
      // The total beside the page, also when the offset is past the end.
      `WITH visible AS (
         SELECT a.*, r.organization_id
           FROM mentoring_assignments a JOIN mentoring_requests r ON r.id = a.request_id
          WHERE $1 OR a.mentor_id = $2 OR r.organization_id = ANY($3::uuid[]))
       SELECT v.id, v.request_id AS "requestId", v.mentor_id AS "mentorId", v.status,
              v.accepted_at AS "acceptedAt", v.ended_at AS "endedAt",
              v.end_reason AS "endReason", v.ended_by AS "endedBy",
              v.organization_id AS "organizationId", t.total
         FROM (SELECT count(*)::int AS total FROM visible) t
         LEFT JOIN LATERAL (SELECT * FROM visible ORDER BY created_at DESC, id
                             LIMIT $4 OFFSET $5) v ON true`,
      [actor.isAdmin, mentor?.id ?? null, organizationIds, query.limit, query.offset],
    );
    const items = rows
      .filter((row) => row.id !== null)
      .map((row) =>
        toAssignmentResponse(row, { organizationId: row.organizationId } as MentoringRequest),
      );
    return page(items, rows[0]?.total ?? 0, query);
  }

  private record(
    actor: Actor,
    action: string,
    assignmentId: string,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record({
      actorId: actor.id,
      action,
      entity: 'mentoring_assignment',
      entityId: assignmentId,
      data,
    });
  }

  /** Request first, then assignment (see the class comment), each locked. */
  private async lockedRole(actor: Actor, id: string): Promise<AssignmentRole> {
    const found = await this.db.manager.findOne(Assignment, {
      where: { id },
      select: { id: true, requestId: true },
    });
    if (!found) throw MentoringErrors.ASSIGNMENT_NOT_FOUND();
    await this.lockRequest(found.requestId);
    return this.access.assignmentRole(actor, id, true);
  }

  private async lockRequest(id: string): Promise<MentoringRequest> {
    const request = await this.db.manager.findOne(MentoringRequest, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!request) throw MentoringErrors.MENTORING_REQUEST_NOT_FOUND();
    return request;
  }

  private async freePlaces(mentorId: string, count: number): Promise<void> {
    await this.db.query(
      `UPDATE mentors SET places_taken = places_taken - $2, updated_at = now() WHERE id = $1`,
      [mentorId, count],
    );
  }
}
