import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { CommonErrors, FieldError } from '../common/errors/domain-error';
import { page, PageDto, PageQueryDto } from '../common/pagination/page';
import { Database } from '../database/database';
import { OrganizationsService } from '../organizations/organizations.service';
import { TopicsService } from '../topics/topics.service';
import { AnswerDto, PutAnswersDto } from './dto/answers.dto';
import { CreateSurveyDto, QuestionDto } from './dto/create-survey.dto';
import {
  AnswersResponseDto,
  SurveyResponseDto,
  toAnswerResponse,
  toSurveyResponse,
} from './dto/survey.response.dto';
import { RoundSummary, Wording, wordingIn } from './survey.contract';
import { Survey, SurveyAnswer, SurveyQuestion, SurveyResponse } from './survey.entity';
import { SurveyErrors } from './survey.errors';

const DAY_MS = 24 * 3600 * 1000;
/** The reminder, unless staff choose its time: this long before the end. */
export const DEFAULT_REMIND_BEFORE_MS = 3 * DAY_MS;
/** A round runs for at most a year. */
const MAX_ROUND_MS = 366 * DAY_MS;

const issue = (field: string, key: string, params: FieldError['params'] = {}): FieldError => ({
  field,
  messageKey: `validation.${key}`,
  params,
});
const failIf = (errors: FieldError[]) => {
  if (errors.length) throw CommonErrors.VALIDATION_FAILED({}, { errors });
};

/**
 * The needs survey: rounds of questions opened by staff, one answer per verified
 * organisation and round, editable until the round closes.
 */
@Injectable()
export class SurveysService {
  constructor(
    private readonly db: Database,
    private readonly topics: TopicsService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: CreateSurveyDto): Promise<SurveyResponseDto> {
    const now = Date.now();
    const closesAt = new Date(input.closesAt);
    const errors: FieldError[] = [];
    if (closesAt.getTime() <= now) errors.push(issue('closesAt', 'surveyClosesInFuture'));
    else if (closesAt.getTime() > now + MAX_ROUND_MS)
      errors.push(issue('closesAt', 'surveyTooLong', { days: 366 }));
    const remindAt = input.remindAt
      ? new Date(input.remindAt)
      : new Date(Math.max(now, closesAt.getTime() - DEFAULT_REMIND_BEFORE_MS));
    if (input.remindAt && (remindAt.getTime() < now || remindAt >= closesAt))
      errors.push(issue('remindAt', 'surveyRemindWithin'));
    errors.push(...(await this.checkQuestions(input.questions)));
    failIf(errors);

    const id = await this.db.transaction(async () => {
      const manager = this.db.manager;
      const survey = await manager.save(
        manager.create(Survey, {
          title: { ...input.title },
          description: input.description ? { ...input.description } : null,
          opensAt: new Date(now),
          closesAt,
          remindAt,
          createdBy: actor.id,
        }),
      );
      await manager.insert(
        SurveyQuestion,
        input.questions.map((q, index) => ({
          surveyId: survey.id,
          position: index + 1,
          area: q.area,
          topic: q.topic ?? null,
          kind: q.kind,
          text: { ...q.text },
          options: (q.options ?? []).map((o) => ({
            key: o.key,
            label: o.label ? { ...o.label } : null,
          })),
          multiple: q.kind === 'choice' && (q.multiple ?? false),
          required: q.required ?? false,
        })),
      );
      await this.audit.record({
        actorId: actor.id,
        action: 'survey.opened',
        entity: 'survey',
        entityId: survey.id,
        data: { closesAt: closesAt.toISOString(), questions: input.questions.length },
      });
      return survey.id;
    });
    return this.get(id);
  }

  async list(query: PageQueryDto): Promise<PageDto<SurveyResponseDto>> {
    const [surveys, total] = await this.db.repository(Survey).findAndCount({
      order: { opensAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    const questions = surveys.length
      ? await this.db.repository(SurveyQuestion).find({
          where: { surveyId: In(surveys.map((s) => s.id)) },
          order: { position: 'ASC' },
        })
      : [];
    return page(
      surveys.map((survey) =>
        toSurveyResponse(
          survey,
          questions.filter((q) => q.surveyId === survey.id),
          this.topicWording,
        ),
      ),
      total,
      query,
    );
  }

  async get(id: string): Promise<SurveyResponseDto> {
    const survey = await this.find(id);
    return toSurveyResponse(survey, await this.questionsOf(id), this.topicWording);
  }

  /** The organisation's answer to the round, for its members (and staff). */
  async answers(actor: Actor, id: string, organizationId: string): Promise<AnswersResponseDto> {
    await this.find(id);
    await this.actsFor(actor, organizationId);
    const response = await this.db
      .repository(SurveyResponse)
      .findOne({ where: { surveyId: id, organizationId } });
    if (!response) throw SurveyErrors.SURVEY_ANSWER_NOT_FOUND();
    return this.answersOf(response);
  }

  /**
   * Which of these rounds the caller's organisations have answered, as "round|organisation"
   * keys: one query for a list of rounds, instead of one per round and organisation.
   */
  async answeredBy(actor: Actor, roundIds: string[]): Promise<Set<string>> {
    if (!roundIds.length) return new Set();
    const mine = await this.organizations.organizationIdsOf(actor.id);
    if (!mine.length) return new Set();
    const responses = await this.db.repository(SurveyResponse).find({
      select: { surveyId: true, organizationId: true },
      where: { surveyId: In(roundIds), organizationId: In(mine) },
    });
    return new Set(responses.map((r) => `${r.surveyId}|${r.organizationId}`));
  }

  /**
   * Answers the round for a verified organisation, or replaces its earlier answer, while the
   * round is open. One response per organisation and round: the unique key makes the second
   * of two first answers sent at once an edit of the first (it waits for the first to commit).
   */
  async putAnswers(actor: Actor, id: string, input: PutAnswersDto): Promise<AnswersResponseDto> {
    return this.db.transaction(async () => {
      // Shared lock: closing the round (exclusive) waits for answers being written.
      const survey = await this.db.manager.findOne(Survey, {
        where: { id },
        lock: { mode: 'pessimistic_read' },
      });
      if (!survey) throw SurveyErrors.SURVEY_NOT_FOUND();
      await this.actsFor(actor, input.organizationId);
      if (isClosed(survey)) throw SurveyErrors.SURVEY_CLOSED();
      const organization = await this.organizations.summary(input.organizationId);
      if (!organization.verified) throw SurveyErrors.SURVEY_ORGANIZATION_NOT_VERIFIED();
      const questions = await this.questionsOf(id);
      failIf(checkAnswers(questions, input.answers));

      const [row] = await this.db.query<{ id: string }[]>(
        `INSERT INTO survey_responses (survey_id, organization_id, answered_by)
         VALUES ($1, $2, $3)
         ON CONFLICT (survey_id, organization_id) DO UPDATE
            SET revision = survey_responses.revision + 1, answered_by = EXCLUDED.answered_by,
                updated_at = now()
         RETURNING id`,
        [id, input.organizationId, actor.id],
      );
      await this.db.manager.delete(SurveyAnswer, { responseId: row.id });
      if (input.answers.length) {
        await this.db.manager.insert(
          SurveyAnswer,
          input.answers.map((answer) => ({
            responseId: row.id,
            questionId: answer.questionId,
            rating: answer.rating ?? null,
            choices: answer.choices ?? null,
            text: answer.text ?? null,
          })),
        );
      }
      const response = await this.db.manager.findOneByOrFail(SurveyResponse, { id: row.id });
      return this.answersOf(response);
    });
  }

  async close(actor: Actor, id: string): Promise<SurveyResponseDto> {
    await this.db.transaction(async () => {
      const survey = await this.db.manager.findOne(Survey, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!survey) throw SurveyErrors.SURVEY_NOT_FOUND();
      if (isClosed(survey)) throw SurveyErrors.SURVEY_CLOSED();
      await this.db.manager.update(Survey, { id }, { closedAt: () => 'now()' });
      await this.audit.record({
        actorId: actor.id,
        action: 'survey.closed',
        entity: 'survey',
        entityId: id,
        data: {},
      });
    });
    return this.get(id);
  }

  // ---- for other modules -------------------------------------------------------------

  /** A round with its questions worded in `locale`, for reports. */
  async round(id: string, locale: string): Promise<RoundSummary> {
    const survey = await this.find(id);
    const questions = await this.questionsOf(id);
    return {
      id,
      title: wordingIn(survey.title, locale),
      opensAt: survey.opensAt,
      closesAt: survey.closedAt ?? survey.closesAt,
      questions: questions.map((q) => ({
        id: q.id,
        position: q.position,
        area: q.area,
        topic: q.topic,
        kind: q.kind,
        text: wordingIn(q.text, locale),
        options: q.options.map((o) => ({
          key: o.key,
          label: o.label ? wordingIn(o.label, locale) : this.topics.label(locale, o.key),
        })),
        multiple: q.multiple,
      })),
    };
  }

  /**
   * Whether the caller may read the round's results: staff always (with the free texts);
   * members of a verified organisation once the round has closed (without them).
   */
  async resultsFor(actor: Actor, id: string): Promise<{ texts: boolean }> {
    const survey = await this.find(id);
    if (actor.isAdmin) return { texts: true };
    const ids = await this.organizations.organizationIdsOf(actor.id);
    const summaries = await Promise.all(ids.map((org) => this.organizations.summary(org)));
    if (!summaries.some((organization) => organization.verified)) throw CommonErrors.FORBIDDEN();
    if (!isClosed(survey)) throw SurveyErrors.SURVEY_RESULTS_NOT_YET();
    return { texts: false };
  }

  // ---- inside ------------------------------------------------------------------------

  private readonly topicWording = (key: string): Wording => ({
    de: this.topics.label('de', key),
    en: this.topics.label('en', key),
  });

  private async find(id: string): Promise<Survey> {
    const survey = await this.db.repository(Survey).findOne({ where: { id } });
    if (!survey) throw SurveyErrors.SURVEY_NOT_FOUND();
    return survey;
  }

  private questionsOf(surveyId: string): Promise<SurveyQuestion[]> {
    return this.db.repository(SurveyQuestion).find({
      where: { surveyId },
      order: { position: 'ASC' },
    });
  }

  /** Members act for their organisation, staff for any; an unknown one is a 404. */
  private async actsFor(actor: Actor, organizationId: string): Promise<void> {
    await this.organizations.summary(organizationId);
    await this.organizations.assertMember(actor, organizationId);
  }

  private async answersOf(response: SurveyResponse): Promise<AnswersResponseDto> {
    const answers = await this.db.manager
      .createQueryBuilder(SurveyAnswer, 'a')
      .innerJoin(SurveyQuestion, 'q', 'q.id = a.question_id')
      .where('a.response_id = :id', { id: response.id })
      .orderBy('q.position', 'ASC')
      .getMany();
    return {
      surveyId: response.surveyId,
      organizationId: response.organizationId,
      revision: response.revision,
      createdAt: response.createdAt.toISOString(),
      updatedAt: response.updatedAt.toISOString(),
      answers: answers.map(toAnswerResponse),
    };
  }

  /** Options only for choices, unique keys, labels or topics; topics from the shared list. */
  private async checkQuestions(questions: QuestionDto[]): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const known = new Set((await this.topics.list('en')).map((topic) => topic.key));
    questions.forEach((q, index) => {
      const at = `questions[${index}]`;
      if (q.topic !== undefined && !known.has(q.topic))
        errors.push(issue(`${at}.topic`, 'surveyUnknownTopic'));
      const options = q.options ?? [];
      if (q.kind === 'choice' && options.length === 0)
        errors.push(issue(`${at}.options`, 'surveyOptionsRequired'));
      if (q.kind !== 'choice' && options.length > 0)
        errors.push(issue(`${at}.options`, 'surveyOptionsOnlyForChoice'));
      if (q.kind !== 'choice' && q.multiple)
        errors.push(issue(`${at}.multiple`, 'surveyOptionsOnlyForChoice'));
      const seen = new Set<string>();
      options.forEach((option, i) => {
        if (seen.has(option.key)) errors.push(issue(`${at}.options[${i}].key`, 'arrayUnique'));
        seen.add(option.key);
        if (!option.label && !known.has(option.key))
          errors.push(issue(`${at}.options[${i}].label`, 'surveyUnknownTopic'));
      });
    });
    return errors;
  }
}

const isClosed = (survey: Survey, now = new Date()) =>
  survey.closedAt !== null || survey.closesAt <= now;

/** Each answer fits its question: its kind, its options; each question once; required ones. */
function checkAnswers(questions: SurveyQuestion[], answers: AnswerDto[]): FieldError[] {
  const errors: FieldError[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  answers.forEach((answer, index) => {
    const at = `answers[${index}]`;
    const question = byId.get(answer.questionId);
    if (!question) return errors.push(issue(`${at}.questionId`, 'surveyUnknownQuestion'));
    if (seen.has(answer.questionId)) return errors.push(issue(`${at}.questionId`, 'arrayUnique'));
    seen.add(answer.questionId);
    const given = (['rating', 'choices', 'text'] as const).filter((f) => answer[f] !== undefined);
    const expected = { rating: 'rating', choice: 'choices', text: 'text' }[question.kind];
    if (given.length !== 1 || given[0] !== expected)
      return errors.push(issue(`${at}.${expected}`, 'surveyAnswerKind', { field: expected }));
    if (question.kind === 'choice') {
      const options = new Set(question.options.map((o) => o.key));
      const choices = answer.choices!;
      if (!question.multiple && choices.length > 1)
        errors.push(issue(`${at}.choices`, 'surveyOneChoice'));
      choices.forEach((key, i) => {
        if (!options.has(key)) errors.push(issue(`${at}.choices[${i}]`, 'surveyUnknownOption'));
      });
    }
  });
  questions.forEach((question) => {
    if (question.required && !seen.has(question.id))
      errors.push(issue('answers', 'surveyRequiredQuestion', { position: question.position }));
  });
  return errors;
}
