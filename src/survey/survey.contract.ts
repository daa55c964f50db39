/**
 * What reports may aggregate of the needs survey, as SQL views (migration CreateSurveys):
 * `report_survey_responses`: survey_id, organization_id (one row per organisation that
 * answered the round); `report_survey_answers`: survey_id, question_id, organization_id,
 * rating (1..5), choices (text[] of option keys), text (free text). The questions and their
 * wording come through `SurveysService.round`.
 */
export const SURVEY_READ_MODEL = {
  responses: 'report_survey_responses',
  answers: 'report_survey_answers',
} as const;

export const NEED_AREAS = [
  'rooms',
  'training',
  'public_relations',
  'funding',
  'mentoring',
  'other',
] as const;
export type NeedArea = (typeof NEED_AREAS)[number];

export const QUESTION_KINDS = ['rating', 'choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Wording in several languages; German and English always there. */
export type Wording = { de: string; en: string } & Partial<Record<string, string>>;

/** A question of a round as other modules see it, worded in one language. */
export interface RoundQuestion {
  id: string;
  position: number;
  area: NeedArea;
  topic: string | null;
  kind: QuestionKind;
  text: string;
  /** Choice questions: each option's key and label (a topic's label for topic keys). */
  options: { key: string; label: string }[];
  multiple: boolean;
}

/** A round as other modules (reports) see it. */
export interface RoundSummary {
  id: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  questions: RoundQuestion[];
}

/** The wording in `locale`, else English, else German. */
export const wordingIn = (wording: Wording, locale: string): string =>
  wording[locale] ?? wording.en ?? wording.de;
