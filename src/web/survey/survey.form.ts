import { DateTime } from 'luxon';
import { FieldError } from '../../common/errors/domain-error';
import {
  NEED_AREAS,
  NeedArea,
  QUESTION_KINDS,
  QuestionKind,
  Wording,
} from '../../survey/survey.contract';
import { SurveysService } from '../../survey/surveys.service';
import { single } from '../manage/form-errors';
import { FormValues } from '../shell/form';
import { CITY_ZONE } from '../shell/format';

/** The survey's shapes as its service takes and gives them. */
export type Round = Awaited<ReturnType<SurveysService['get']>>;
export type NewRound = Parameters<SurveysService['create']>[1];
export type Answers = Awaited<ReturnType<SurveysService['answers']>>;
type Answer = Parameters<SurveysService['putAnswers']>[2]['answers'][number];
type Question = Round['questions'][number];

/** The API's limits (CreateSurveyDto, AnswerDto): questions, options, lengths. */
const MAX_QUESTIONS = 40;
const MAX_OPTIONS = 20;
const MAX_TITLE = 200;
const MAX_WORDING = 1000;

/** Blank question rows the staff's form starts with; "add a question" adds one more. */
export const FIRST_ROWS = 3;
const MAX_TEXT = 5000;

const problem = (field: string, messageKey: string, params: FieldError['params'] = {}) => ({
  field,
  messageKey,
  params,
});

/** The wording in the page's language, else German (the agency's language). */
export const wordingOf = (wording: Wording | null | undefined, locale: string): string =>
  wording ? (wording[locale] ?? wording.de) : '';

/** A question's field on the answer form. */
export const answerField = (questionId: string) => `q-${questionId}`;

const many = (value: string | string[] | undefined): string[] =>
  [value ?? []].flat().filter((part) => part !== '');

/**
 * The answer form read against the round's questions: one field per question (the rating's
 * radio, the choices' radios or boxes, the text). Problems are the question's own field, so
 * the error summary links to it; an unanswered question is left out of the answer.
 */
export function answersFrom(
  questions: Question[],
  values: FormValues,
): { answers: Answer[]; errors: FieldError[] } {
  const answers: Answer[] = [];
  const errors: FieldError[] = [];
  for (const question of questions) {
    const field = answerField(question.id);
    const given = many(values[field]);
    if (given.length === 0 || (question.kind === 'text' && !given.join('').trim())) {
      if (question.required) {
        errors.push(
          problem(field, 'validation.surveyRequiredQuestion', { position: question.position }),
        );
      }
      continue;
    }
    if (question.kind === 'rating') {
      const rating = single(given);
      if (!/^[1-5]$/.test(rating)) errors.push(problem(field, 'validation.default'));
      else answers.push({ questionId: question.id, rating: Number(rating) });
    } else if (question.kind === 'choice') {
      const keys = new Set(question.options.map((option) => option.key));
      const choices = [...new Set(given)];
      if (choices.some((choice) => !keys.has(choice))) {
        errors.push(problem(field, 'validation.surveyUnknownOption'));
      } else if (!question.multiple && choices.length > 1) {
        errors.push(problem(field, 'validation.surveyOneChoice'));
      } else answers.push({ questionId: question.id, choices });
    } else {
      const text = single(given).trim();
      if (text.length > MAX_TEXT) {
        errors.push(problem(field, 'validation.maxLength', { 0: MAX_TEXT }));
      } else answers.push({ questionId: question.id, text });
    }
  }
  return { answers, errors };
}

/** An earlier answer as the form's values, to edit it. */
export function answerValues(answer: Answers | null): FormValues {
  const values: FormValues = {};
  for (const given of answer?.answers ?? []) {
    const field = answerField(given.questionId);
    if (given.rating !== undefined) values[field] = String(given.rating);
    else if (given.choices) values[field] = given.choices;
    else if (given.text !== undefined) values[field] = given.text;
  }
  return values;
}

/** The staff's form for a new round: its values, and how many question rows it shows. */
export function rowsOf(values: FormValues): number {
  const rows = Number(single(values.rows));
  return Number.isInteger(rows) && rows >= 1 ? Math.min(rows, MAX_QUESTIONS) : FIRST_ROWS;
}

export const rowField = (row: number, part: string) => `q${row}-${part}`;

/**
 * The staff's form as the API's body: title, the last day (the round closes at its end in
 * the city's zone), and each filled question row. A choice question's options are lines
 * "German | English" (one label for both without the bar). Problems name the form's fields;
 * the API's own rules (CreateSurveyDto) are checked as well.
 */
export function roundFrom(values: FormValues): { input?: NewRound; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (name: string) => single(values[name]).trim();
  const length = (name: string, max: number) => {
    const value = text(name);
    if (!value) errors.push(problem(name, 'validation.isNotEmpty'));
    else if (value.length > max) errors.push(problem(name, 'validation.maxLength', { 0: max }));
    return value;
  };
  const title = { de: length('titleDe', MAX_TITLE), en: length('titleEn', MAX_TITLE) };
  const day = DateTime.fromISO(text('closesAt'), { zone: CITY_ZONE });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text('closesAt')) || !day.isValid) {
    errors.push(problem('closesAt', 'validation.isCalendarDate'));
  }
  const questions: NewRound['questions'] = [];
  for (let row = 0; row < rowsOf(values); row++) {
    const field = (part: string) => rowField(row, part);
    const lines = text(field('options'))
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    if (!text(field('de')) && !text(field('en')) && lines.length === 0) continue;
    const area = text(field('area'));
    const kind = text(field('kind'));
    if (!(NEED_AREAS as readonly string[]).includes(area)) {
      errors.push(problem(field('area'), 'validation.default'));
    }
    if (!(QUESTION_KINDS as readonly string[]).includes(kind)) {
      errors.push(problem(field('kind'), 'validation.default'));
    }
    const wording = { de: length(field('de'), MAX_WORDING), en: length(field('en'), MAX_WORDING) };
    if (kind === 'choice' && (lines.length < 2 || lines.length > MAX_OPTIONS)) {
      errors.push(problem(field('options'), 'web.survey.optionsCount', { max: MAX_OPTIONS }));
    } else if (kind !== 'choice' && lines.length) {
      errors.push(problem(field('options'), 'validation.surveyOptionsOnlyForChoice'));
    } else if (lines.some((line) => line.length > MAX_WORDING)) {
      errors.push(problem(field('options'), 'validation.maxLength', { 0: MAX_WORDING }));
    }
    const options = lines.map((line, index) => {
      const [de, en = de] = line.split('|').map((part) => part.trim());
      return { key: `option_${index + 1}`, label: { de: de || en, en: en || de } };
    });
    questions.push({
      area: area as NeedArea,
      kind: kind as QuestionKind,
      text: wording,
      ...(kind === 'choice' ? { options, multiple: values[field('multiple')] === 'on' } : {}),
      required: values[field('required')] === 'on',
    });
  }
  if (questions.length === 0) errors.push(problem(rowField(0, 'de'), 'web.survey.noQuestions'));
  if (errors.length) return { errors };
  const closesAt = day.set({ hour: 23, minute: 59 }).startOf('minute').toISO()!;
  return { input: { title, closesAt, questions }, errors: [] };
}

/** Where a round stands for the pages. */
export const isOpen = (round: Round) => round.status === 'open';
