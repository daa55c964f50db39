import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { Database } from '../database/database';
import { OrganizationsService } from '../organizations/organizations.service';
import { Assignment } from './assignment.entity';
import { Mentor } from './mentor.entity';
import { MentoringRequest } from './mentoring-request.entity';
import { MentoringErrors } from './mentoring.errors';

/** How a caller stands to an assignment: decides what they may see and do. */
export interface AssignmentRole {
  assignment: Assignment;
  request: MentoringRequest;
  /** Null once the mentor deleted their account (the assignment has ended then). */
  mentor: Mentor | null;
  isStaff: boolean;
  isMentor: boolean;
  isOrganization: boolean;
}

/** Statuses in which an organisation has (had) the mentor: it may see their contact. */
export const ASSIGNED = ['active', 'completed'] as const;

/**
 * Who may see what in mentoring. No list of mentors is public: a mentor is seen by staff,
 * by themselves, and by the organisations assigned to them; notes by the mentor and staff.
 * Someone who may not see a record is told it does not exist.
 */
@Injectable()
export class MentoringAccessService {
  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationsService,
  ) {}

  organizationIdsOf(actor: Actor): Promise<string[]> {
    return this.organizations.organizationIdsOf(actor.id);
  }

  async mentorOfUser(userId: string): Promise<Mentor | null> {
    return this.db.repository(Mentor).findOne({ where: { userId } });
  }

  /** Whether `actor` is a member of an organisation assigned to the mentor. */
  async isAssignedOrganization(actor: Actor, mentorId: string): Promise<boolean> {
    const organizationIds = await this.organizationIdsOf(actor);
    if (organizationIds.length === 0) return false;
    const [row] = await this.db.query<{ found: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM mentoring_assignments a
           JOIN mentoring_requests r ON r.id = a.request_id
          WHERE a.mentor_id = $1 AND a.status = ANY($2::text[])
            AND r.organization_id = ANY($3::uuid[])) AS found`,
      [mentorId, [...ASSIGNED], organizationIds],
    );
    return row.found;
  }

  /** The assignment if the caller is its mentor, a member of its organisation, or staff. */
  async assignmentRole(actor: Actor, id: string, lock = false): Promise<AssignmentRole> {
    const assignment = await this.db.manager.findOne(Assignment, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!assignment) throw MentoringErrors.ASSIGNMENT_NOT_FOUND();
    const request = await this.db.manager.findOneByOrFail(MentoringRequest, {
      id: assignment.requestId,
    });
    const mentor = assignment.mentorId
      ? await this.db.manager.findOneByOrFail(Mentor, { id: assignment.mentorId })
      : null;
    const isMentor = mentor !== null && mentor.userId === actor.id;
    const isOrganization =
      (await this.organizations.roleOf(actor.id, request.organizationId)) !== null;
    if (!actor.isAdmin && !isMentor && !isOrganization) {
      throw MentoringErrors.ASSIGNMENT_NOT_FOUND();
    }
    return { assignment, request, mentor, isStaff: actor.isAdmin, isMentor, isOrganization };
  }
}
