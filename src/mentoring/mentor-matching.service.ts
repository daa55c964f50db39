import { Injectable } from '@nestjs/common';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { Database } from '../database/database';
import { UsersService } from '../identity/users.service';
import { TopicsService } from '../topics/topics.service';
import { SuggestionReasonDto, SuggestionResponseDto } from './dto/request.dto';
import { MentoringRequest } from './mentoring-request.entity';

/**
 * How much each factor can give. Topic fit outweighs all the others together, so a mentor
 * who knows the topic always ranks above one who does not; then when both can meet, how
 * free the mentor is (spreading the work), and the district. Language is no factor but a
 * condition: a mentor without a shared language is never suggested.
 */
export const WEIGHTS = { topic: 100, availability: 30, load: 20, district: 10 } as const;

interface Candidate {
  id: string;
  user_id: string;
  languages: string[];
  topics: string[];
  availability: string[];
  district: string | null;
  capacity: number;
  places_taken: number;
  topic: number;
  availability_share: number;
  free_share: number;
  same_district: number;
  score: number;
}

/** Ranked suggestions of mentors for a request, each with its reasons in the caller's language. */
@Injectable()
export class MentorMatchingService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  /**
   * Certified mentors with a free place who share a language, are not already proposed or
   * assigned for this request, ranked in the database (so the work is `limit` rows).
   */
  async suggest(
    request: MentoringRequest,
    locale: string,
    limit: number,
  ): Promise<SuggestionResponseDto[]> {
    const candidates = await this.db.query<Candidate[]>(
      `WITH scored AS (
         SELECT m.id, m.user_id, m.languages, m.topics, m.availability, m.district, m.capacity,
                m.places_taken,
                CASE WHEN $2 = ANY(m.topics) THEN 1 ELSE 0 END AS topic,
                CASE WHEN cardinality($3::text[]) = 0 THEN 1
                     ELSE (SELECT count(*) FROM unnest(m.availability) t WHERE t = ANY($3::text[]))::float8
                          / cardinality($3::text[]) END AS availability_share,
                1 - m.places_taken::float8 / m.capacity AS free_share,
                CASE WHEN $4::text IS NOT NULL AND lower(m.district) = lower($4::text)
                     THEN 1 ELSE 0 END AS same_district
           FROM mentors m
          WHERE m.status = 'certified' AND m.places_taken < m.capacity
            AND m.languages && $1::text[]
            AND NOT EXISTS (SELECT 1 FROM mentoring_assignments a
                             WHERE a.mentor_id = m.id AND a.request_id = $5
                               AND a.status IN ('proposed', 'active')))
       SELECT *, round((topic * $6 + availability_share * $7 + free_share * $8
                        + same_district * $9)::numeric, 2)::float8 AS score
         FROM scored ORDER BY score DESC, id LIMIT $10`,
      [
        request.languages,
        request.topic,
        request.preferredTimes,
        request.district,
        request.id,
        WEIGHTS.topic,
        WEIGHTS.availability,
        WEIGHTS.load,
        WEIGHTS.district,
        limit,
      ],
    );
    const users = await this.users.findByIds(candidates.map((c) => c.user_id));
    const t = (key: string, params: Record<string, string | number> = {}) =>
      this.catalogue.t(locale, `mentoring.reasons.${key}`, params);
    const languageName = (code: string) =>
      new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(code) ?? code;
    const topicLabel = this.topics.label(locale, request.topic);
    return candidates.map((candidate): SuggestionResponseDto => {
      const shared = candidate.languages.filter((l) => request.languages.includes(l));
      const commonTimes = candidate.availability.filter((a) => request.preferredTimes.includes(a));
      const reasons: SuggestionReasonDto[] = [
        {
          factor: 'language',
          weight: 0,
          value: 1,
          text: t('language', { languages: shared.map(languageName).join(', ') }),
        },
        {
          factor: 'topic',
          weight: WEIGHTS.topic,
          value: candidate.topic,
          text: t(candidate.topic ? 'topic' : 'noTopic', { topic: topicLabel }),
        },
        {
          factor: 'availability',
          weight: WEIGHTS.availability,
          value: round(candidate.availability_share),
          text:
            request.preferredTimes.length === 0
              ? t('anyTime')
              : t('availability', {
                  count: commonTimes.length,
                  wanted: request.preferredTimes.length,
                  times: commonTimes.map((time) => t(`times.${time}`)).join(', '),
                }),
        },
        {
          factor: 'load',
          weight: WEIGHTS.load,
          value: round(candidate.free_share),
          text: t('load', {
            taken: candidate.places_taken,
            capacity: candidate.capacity,
          }),
        },
        {
          factor: 'district',
          weight: WEIGHTS.district,
          value: candidate.same_district,
          text: candidate.same_district
            ? t('district', { district: candidate.district ?? '' })
            : t('otherDistrict'),
        },
      ];
      return {
        mentorId: candidate.id,
        name: users.get(candidate.user_id)?.name ?? '',
        score: candidate.score,
        reasons,
      };
    });
  }
}

const round = (value: number): number => Math.round(value * 100) / 100;
