import { Injectable } from '@nestjs/common';
import { ExportedMentor, PersonalDataSource } from '../accounts/accounts.contract';
import { Database } from '../database/database';
import { MentoringAccessService } from './mentoring-access.service';
import { MentorTrainingService } from './mentor-training.service';

/** At most this many meetings in a mentor's export. */
const EXPORT_MEETINGS = 1000;

/**
 * A mentor's data for their account's export and deletion (accounts' port). Deleting the
 * account deletes the profile and the training records (cascade); the organisations'
 * assignments and meetings stay, without the mentor. What was running ends first: open
 * proposals are withdrawn, running assignments end (by the mentor) and their requests are
 * open again for another mentor. No mail: it would carry the name being erased.
 */
@Injectable()
export class MentorPersonalDataService implements PersonalDataSource<ExportedMentor> {
  constructor(
    private readonly db: Database,
    private readonly access: MentoringAccessService,
    private readonly training: MentorTrainingService,
  ) {}

  async exportOf(userId: string): Promise<ExportedMentor | null> {
    const mentor = await this.access.mentorOfUser(userId);
    if (!mentor) return null;
    const progress = await this.training.progress(mentor);
    const meetings = await this.db.query<
      {
        assignmentId: string;
        startsAt: Date;
        durationMinutes: number;
        format: string;
        topics: string[];
        note: string | null;
      }[]
    >(
      `SELECT mt.assignment_id AS "assignmentId", mt.starts_at AS "startsAt",
              mt.duration_minutes AS "durationMinutes", mt.format, mt.topics, mt.note
         FROM mentoring_meetings mt JOIN mentoring_assignments a ON a.id = mt.assignment_id
        WHERE a.mentor_id = $1 ORDER BY mt.starts_at DESC, mt.id LIMIT $2`,
      [mentor.id, EXPORT_MEETINGS],
    );
    return {
      id: mentor.id,
      languages: mentor.languages,
      topics: mentor.topics,
      bio: mentor.bio,
      district: mentor.district,
      capacity: mentor.capacity,
      availability: mentor.availability,
      status: mentor.status,
      certifiedAt: mentor.certifiedAt?.toISOString() ?? null,
      createdAt: mentor.createdAt.toISOString(),
      training: progress.modules
        .filter((module) => module.attended)
        .map(({ title, hours, attendedOn, source }) => ({ title, hours, attendedOn, source })),
      meetings: meetings.map((meeting) => ({
        ...meeting,
        startsAt: new Date(meeting.startsAt).toISOString(),
      })),
    };
  }

  async forget(userId: string): Promise<void> {
    const mentor = await this.access.mentorOfUser(userId);
    if (!mentor) return;
    // The order of every change in mentoring: requests, assignments, then the mentor's row
    // (which a proposal racing this one updates, so it waits, and is ended below).
    await this.db.query(
      `SELECT r.id FROM mentoring_requests r
        WHERE r.id IN (SELECT request_id FROM mentoring_assignments
                        WHERE mentor_id = $1 AND status IN ('proposed', 'active'))
        ORDER BY r.id FOR UPDATE OF r`,
      [mentor.id],
    );
    await this.db.query(`SELECT id FROM mentors WHERE id = $1 FOR UPDATE`, [mentor.id]);
    await this.db.query(
      `UPDATE mentoring_requests SET status = 'open', updated_at = now()
        WHERE id IN (SELECT request_id FROM mentoring_assignments
                      WHERE mentor_id = $1 AND status = 'active')`,
      [mentor.id],
    );
    await this.db.query(
      `UPDATE mentoring_assignments
          SET status = CASE status WHEN 'proposed' THEN 'withdrawn' ELSE 'ended' END,
              decided_at = CASE status WHEN 'proposed' THEN now() ELSE decided_at END,
              ended_at = CASE status WHEN 'active' THEN now() ELSE ended_at END,
              ended_by = CASE status WHEN 'active' THEN 'mentor' ELSE ended_by END,
              updated_at = now()
        WHERE mentor_id = $1 AND status IN ('proposed', 'active')`,
      [mentor.id],
    );
  }
}
