import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { sqlStateOf, UNIQUE_VIOLATION } from '../common/errors/sql-state';
import { Database } from '../database/database';
import { AttendedSession, ForumAttendanceService } from '../forum/forum-attendance.service';
import { TopicsService } from '../topics/topics.service';
import {
  CreateTrainingModuleDto,
  CreateTrainingRecordDto,
  TrainingModuleResponseDto,
  TrainingRecordResponseDto,
} from './dto/training.dto';
import { ModuleProgressDto, TrainingProgressDto } from './dto/mentor.dto';
import { Mentor } from './mentor.entity';
import { MentoringErrors } from './mentoring.errors';
import { TrainingModule } from './training-module.entity';
import { TrainingRecord } from './training-record.entity';

/** At most this many modules make up the programme (each answer lists them all). */
export const MAX_TRAINING_MODULES = 100;

const toModuleResponse = (module: TrainingModule): TrainingModuleResponseDto => ({
  id: module.id,
  title: module.title,
  description: module.description,
  hours: Number(module.hours),
  required: module.required,
  forumTopic: module.forumTopic,
  forumSessionIds: module.forumSessionIds,
});

/**
 * The training programme: its modules, what a mentor attended — at the forum (recorded
 * there, counted here automatically) or elsewhere (recorded by staff) — and certification.
 */
@Injectable()
export class MentorTrainingService {
  constructor(
    private readonly db: Database,
    private readonly attendance: ForumAttendanceService,
    private readonly topics: TopicsService,
    private readonly audit: AuditService,
  ) {}

  async modules(): Promise<TrainingModuleResponseDto[]> {
    return (await this.allModules()).map(toModuleResponse);
  }

  async createModule(input: CreateTrainingModuleDto): Promise<TrainingModuleResponseDto> {
    return this.db.transaction(async () => {
      if (input.forumTopic && !(await this.topics.exists(input.forumTopic))) {
        throw MentoringErrors.MENTORING_UNKNOWN_TOPIC({ topic: input.forumTopic });
      }
      const count = await this.db.repository(TrainingModule).count();
      if (count >= MAX_TRAINING_MODULES) throw MentoringErrors.TRAINING_MODULES_FULL();
      const module = await this.db.repository(TrainingModule).save(
        this.db.repository(TrainingModule).create({
          title: input.title,
          description: input.description ?? null,
          hours: String(input.hours),
          required: input.required,
          forumTopic: input.forumTopic ?? null,
          forumSessionIds: input.forumSessionIds ?? [],
        }),
      );
      return toModuleResponse(module);
    });
  }

  async record(
    actor: Actor,
    mentorId: string,
    input: CreateTrainingRecordDto,
  ): Promise<TrainingRecordResponseDto> {
    const mentor = await this.db.repository(Mentor).findOne({ where: { id: mentorId } });
    if (!mentor) throw MentoringErrors.MENTOR_NOT_FOUND();
    const module = await this.db.repository(TrainingModule).findOne({
      where: { id: input.moduleId },
    });
    if (!module) throw MentoringErrors.TRAINING_MODULE_NOT_FOUND();
    try {
      const record = await this.db.repository(TrainingRecord).save(
        this.db.repository(TrainingRecord).create({
          mentorId,
          moduleId: module.id,
          attendedOn: input.attendedOn,
          hours: input.hours !== undefined ? String(input.hours) : null,
          note: input.note ?? null,
          recordedBy: actor.id,
        }),
      );
      return {
        id: record.id,
        mentorId,
        moduleId: module.id,
        attendedOn: record.attendedOn,
        hours: Number(record.hours ?? module.hours),
        note: record.note,
      };
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION) {
        throw MentoringErrors.TRAINING_ALREADY_RECORDED({ module: module.title });
      }
      throw error;
    }
  }

  /** Each module, attended or not, and how: a forum session counts as a record does. */
  async progress(mentor: Mentor): Promise<TrainingProgressDto> {
    const [modules, records, attended] = [
      await this.allModules(),
      await this.db.repository(TrainingRecord).find({ where: { mentorId: mentor.id } }),
      await this.attendance.attendedSessions(mentor.userId),
    ];
    const byModule = new Map(records.map((record) => [record.moduleId, record]));
    const items = modules.map((module): ModuleProgressDto => {
      const record = byModule.get(module.id);
      const session = record ? undefined : attended.find((s) => counts(module, s));
      const hours = Number(record?.hours ?? module.hours);
      return {
        moduleId: module.id,
        title: module.title,
        required: module.required,
        hours,
        attended: Boolean(record || session),
        source: record ? 'record' : session ? 'forum' : null,
        attendedOn: record
          ? record.attendedOn
          : session
            ? session.startsAt.toISOString().slice(0, 10)
            : null,
      };
    });
    return {
      modules: items,
      certifiable: items.every((item) => !item.required || item.attended),
      hours: items.filter((item) => item.attended).reduce((sum, item) => sum + item.hours, 0),
    };
  }

  /**
   * Certifies a mentor whose required modules are all attended; otherwise the refusal names
   * the missing ones. The mentor's row is locked, so two admins certify once.
   */
  async certify(actor: Actor, mentorId: string): Promise<Mentor> {
    return this.db.transaction(async () => {
      const mentor = await this.db.manager.findOne(Mentor, {
        where: { id: mentorId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!mentor) throw MentoringErrors.MENTOR_NOT_FOUND();
      if (mentor.certifiedAt) throw MentoringErrors.MENTOR_ALREADY_CERTIFIED();
      const progress = await this.progress(mentor);
      const missing = progress.modules.filter((module) => module.required && !module.attended);
      if (missing.length) {
        throw MentoringErrors.MENTOR_NOT_CERTIFIABLE(
          { count: missing.length, modules: missing.map((module) => module.title).join(', ') },
          {
            missing: missing.map((module) => ({ moduleId: module.moduleId, title: module.title })),
          },
        );
      }
      await this.db.manager.update(
        Mentor,
        { id: mentorId },
        { status: 'certified', certifiedAt: new Date(), certifiedBy: actor.id },
      );
      await this.audit.record({
        actorId: actor.id,
        action: 'mentoring.certified',
        entity: 'mentor',
        entityId: mentorId,
        data: { hours: progress.hours },
      });
      return this.db.manager.findOneByOrFail(Mentor, { id: mentorId });
    });
  }

  private allModules(): Promise<TrainingModule[]> {
    return this.db.repository(TrainingModule).find({
      order: { position: 'ASC' },
      take: MAX_TRAINING_MODULES,
    });
  }
}

/** A forum session counts for a module when it is one of its sessions, or a training on its topic. */
function counts(module: TrainingModule, session: AttendedSession): boolean {
  if (module.forumSessionIds.includes(session.sessionId)) return true;
  return (
    module.forumTopic !== null && session.kind === 'training' && session.topic === module.forumTopic
  );
}
