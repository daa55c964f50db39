import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CommonErrors, FieldError } from '../common/errors/domain-error';
import { Database } from '../database/database';
import { AttendanceEntryDto, AttendanceResultDto } from './dto/attendance.dto';
import { ForumRegistration } from './forum-registration.entity';
import { ForumSession } from './forum-session.entity';
import { ForumErrors } from './forum.errors';

/** One session someone attended, for mentoring's and reporting's reads. */
export interface AttendedSession {
  sessionId: string;
  topic: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Attendance, recorded by staff once a session has begun, separately from registration:
 * attended or no-show per registration (for all its places).
 */
@Injectable()
export class ForumAttendanceService {
  constructor(private readonly db: Database) {}

  async record(sessionId: string, entries: AttendanceEntryDto[]): Promise<AttendanceResultDto> {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.registrationId)) {
        errors.push({
          field: `[${index}].registrationId`,
          messageKey: 'validation.arrayUnique',
          params: {},
        });
      }
      seen.add(entry.registrationId);
    });
    if (errors.length) throw CommonErrors.VALIDATION_FAILED({}, { errors });

    return this.db.transaction(async () => {
      const session = await this.db.manager.findOne(ForumSession, { where: { id: sessionId } });
      if (!session) throw ForumErrors.SESSION_NOT_FOUND();
      if (session.startsAt.getTime() > Date.now()) throw ForumErrors.ATTENDANCE_BEFORE_START();
      const ids = [...seen];
      const known = ids.length
        ? await this.db.manager.find(ForumRegistration, {
            where: { id: In(ids), sessionId, status: 'confirmed' },
            select: { id: true },
          })
        : [];
      const found = new Set(known.map((registration) => registration.id));
      entries.forEach((entry, index) => {
        if (!found.has(entry.registrationId)) {
          errors.push({
            field: `[${index}].registrationId`,
            messageKey: 'validation.notARegistrationOfSession',
            params: {},
          });
        }
      });
      if (errors.length) throw CommonErrors.VALIDATION_FAILED({}, { errors });
      for (const attended of [true, false]) {
        const chosen = entries.filter((e) => e.attended === attended).map((e) => e.registrationId);
        if (chosen.length) {
          await this.db.manager.update(ForumRegistration, { id: In(chosen) }, { attended });
        }
      }
      const [row] = await this.db.query<{ attended: string; no_show: string }[]>(
        `SELECT count(*) FILTER (WHERE attended) AS attended,
                count(*) FILTER (WHERE attended = false) AS no_show
           FROM forum_registrations WHERE session_id = $1`,
        [sessionId],
      );
      return {
        recorded: entries.length,
        attended: Number(row.attended),
        noShow: Number(row.no_show),
      };
    });
  }

  /** The sessions a user attended (registered with their account and marked attended). */
  async attendedSessions(userId: string): Promise<AttendedSession[]> {
    const rows = await this.db.manager
      .createQueryBuilder(ForumSession, 's')
      .innerJoin(ForumRegistration, 'r', 'r.session_id = s.id')
      .where('r.user_id = :userId AND r.attended = true', { userId })
      .orderBy('s.starts_at', 'ASC')
      .getMany();
    return rows.map((s) => ({
      sessionId: s.id,
      topic: s.topic,
      kind: s.kind,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
    }));
  }
}
