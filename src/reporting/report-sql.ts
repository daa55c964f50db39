import { BOOKINGS_READ_MODEL } from '../bookings/bookings.contract';
import { ORGANIZATIONS_READ_MODEL } from '../organizations/organizations.contract';
import { FORUM_READ_MODEL } from '../forum/forum.contract';
import { MENTORING_READ_MODEL, MENTORING_TIME_ZONE } from '../mentoring/mentoring.contract';
import { ROOMS_READ_MODEL } from '../rooms/rooms.contract';
import { SURVEY_READ_MODEL } from '../survey/survey.contract';

/**
 * The reports' SQL, over the read models the owning modules publish (views, see their
 * contracts), never over their tables. Parameters: $1 the first and $2 the last local date
 * of the range; each room reads them in its own zone.
 */
const ROOMS = ROOMS_READ_MODEL.rooms;
const HOURS = ROOMS_READ_MODEL.openingHours;
const CLOSURES = ROOMS_READ_MODEL.closures;
const BOOKINGS = BOOKINGS_READ_MODEL.bookings;
const ORGANIZATIONS = ORGANIZATIONS_READ_MODEL.organizations;
const FORUM = FORUM_READ_MODEL;
const SURVEY = SURVEY_READ_MODEL;
const MENTORING = MENTORING_READ_MODEL;

/** The instant a local date begins in the room `r`'s zone. */
const midnight = (date: string) => `(${date})::timestamp AT TIME ZONE r.time_zone`;

/**
 * The counted bookings (approved, so neither cancelled nor declined nor expired) of rooms
 * `r`, cut to the range and split at each local midnight of their room: one row per booking
 * and local day, `part` being its time on that day. A booking that ends at midnight has no
 * part on the next day.
 */
const BOOKED_PARTS = `
  SELECT b.booking_id, b.room_id, b.organization_id, d.day,
         tstzrange(b.starts_at, b.ends_at)
           * tstzrange(${midnight('d.day')}, ${midnight('d.day + 1')}) AS part
    FROM ${BOOKINGS} b
    JOIN ${ROOMS} r USING (room_id)
    CROSS JOIN LATERAL (
      SELECT g::date AS day
        FROM generate_series(
               greatest((b.starts_at AT TIME ZONE r.time_zone)::date, $1::date)::timestamp,
               least((b.ends_at AT TIME ZONE r.time_zone)::date, $2::date)::timestamp,
               interval '1 day') g) d
   WHERE b.status = 'approved'
     AND b.starts_at < ${midnight('$2::date + 1')}
     AND b.ends_at > ${midnight('$1::date')}`;

const BOOKED = `(SELECT * FROM (${BOOKED_PARTS}) parts WHERE NOT isempty(part))`;

export type UtilizationGroup = 'room' | 'venue' | 'district' | 'month';

const UTILIZATION_KEYS: Record<UtilizationGroup, string[]> = {
  room: ['room_id', 'room_name', 'venue_id', 'venue_name', 'district'],
  venue: ['venue_id', 'venue_name', 'district'],
  district: ['district'],
  month: ['month'],
};
const UTILIZATION_ORDER: Record<UtilizationGroup, string> = {
  room: 'lower(district), lower(venue_name), venue_id, lower(room_name), room_id',
  venue: 'lower(district), lower(venue_name), venue_id',
  district: 'lower(district), district',
  month: 'month',
};

/** Hours of a non-empty range. */
const hours = (range: string) => `extract(epoch FROM upper(${range}) - lower(${range})) / 3600`;

/**
 * The periods open hours are counted in, as `first` and `last` dates: the months the range
 * touches when months are reported (cut to the range by the rooms' own first and last days),
 * otherwise the range as one.
 */
const periodsSql = (groupBy: UtilizationGroup) =>
  groupBy === 'month'
    ? `SELECT m::date AS first, (m + interval '1 month')::date - 1 AS last
         FROM generate_series(date_trunc('month', $1::date::timestamp), $2::date::timestamp,
                              interval '1 month') m`
    : `SELECT $1::date AS first, $2::date AS last`;

/**
 * Open and booked hours. Each room's days from the range (or from the day it was listed)
 * are generated in its zone; a day's open time is its slots: the opening hours valid on that
 * date as instants of that day (so a DST day has its true length), minus the room's
 * closures; booked time is the counted bookings' parts within the slots, so that a room is
 * never more than fully used. Slots of a day never overlap (the database refuses it), nor do
 * counted bookings of a room, so sums of lengths are exact; the multirange difference is
 * needed only where a closure touches a slot. Rows per group, and the total (is_total).
 *
 * Turning each slot into instants is what costs (two zone conversions per room and day), and
 * on most days it is not needed: on a day whose zone keeps its offset from midnight to
 * midnight (`irregular` lists the others, a few per zone and year), a slot lasts exactly its
 * wall-clock length. Nor need the days be generated one by one: a room without a closure in
 * the range is open, in a period (`periodsSql`), each slot's wall-clock length times the
 * number of its weekday's dates in the period on which the slot is valid and the room listed
 * (arithmetic on the first such date), corrected on the irregular dates to the slot's length
 * as instants. Only rooms with a closure in the range are counted day by day. Booked time is
 * cut to the instants of only the slots of the days that have a booking part. (A year of 1,000
 * rooms: 0.95 → 0.64 s, bench/README.md, stop 23; the same figures as day by day for every
 * grouping over 24 ranges with other zones, validity windows and rooms listed mid-range.)
 */
export function utilizationSql(groupBy: UtilizationGroup): string {
  const keys = UTILIZATION_KEYS[groupBy];
  const slotOf = (day: string) =>
    `tstzrange((${day} + h.opens) AT TIME ZONE r.time_zone, (${day} + h.closes) AT TIME ZONE r.time_zone)`;
  const hoursValidOn = (day: string) => `
         AND (h.valid_from IS NULL OR h.valid_from <= ${day})
         AND (h.valid_to IS NULL OR h.valid_to > ${day})`;
  return `
    WITH irregular AS (
      SELECT z.time_zone, array_agg(g::date) AS days
        FROM (SELECT DISTINCT time_zone FROM ${ROOMS}) z
        CROSS JOIN generate_series($1::date::timestamp, $2::date::timestamp, interval '1 day') g
       WHERE (g + interval '1 day') AT TIME ZONE z.time_zone - g AT TIME ZONE z.time_zone
             <> interval '24 hours'
       GROUP BY z.time_zone
    ),
    closed AS (
      SELECT c.room_id, range_agg(tstzrange(c.starts_at, c.ends_at)) AS closed
        FROM ${CLOSURES} c JOIN ${ROOMS} r USING (room_id)
       WHERE c.ends_at > ${midnight('$1::date')} AND c.starts_at < ${midnight('$2::date + 1')}
       GROUP BY c.room_id
    ),
    -- Materialized: the planner cannot see how many parts there are and would otherwise look
    -- each one's room up in listed by a scan per part.
    parts AS MATERIALIZED (SELECT * FROM ${BOOKED} p),
    listed AS (
      SELECT r.room_id, r.time_zone, greatest($1::date, r.listed_on) AS first_day,
             coalesce(i.days, '{}') AS irregular, c.closed
        FROM ${ROOMS} r
        LEFT JOIN irregular i USING (time_zone)
        LEFT JOIN closed c USING (room_id)
    ),
    -- The range's periods: its months where months are reported, otherwise the whole range.
    periods AS (${periodsSql(groupBy)}),
    figures AS (
      -- Rooms without a closure: each slot's wall-clock length times the number of its
      -- weekday's dates in a period that it is valid on and the room is listed on…
      SELECT r.room_id, p.first AS day,
             ((d.last - d.first) / 7 + 1) * extract(epoch FROM h.closes - h.opens) / 3600
               AS open_hours,
             0 AS booked_hours
        FROM listed r
        JOIN ${HOURS} h ON h.room_id = r.room_id
        CROSS JOIN periods p
        CROSS JOIN LATERAL (
          SELECT greatest(r.first_day, h.valid_from, p.first) AS from_day,
                 least($2::date, h.valid_to - 1, p.last) AS last) v
        CROSS JOIN LATERAL (
          SELECT v.from_day + (h.weekday - extract(isodow FROM v.from_day)::int + 7) % 7 AS first,
                 v.last) d
       WHERE r.closed IS NULL AND d.first <= d.last
      UNION ALL
      -- …corrected on the dates whose zone changes its offset: the slot's true length there.
      SELECT r.room_id, g AS day,
             ${hours(slotOf('g'))} - extract(epoch FROM h.closes - h.opens) / 3600, 0
        FROM listed r
        CROSS JOIN LATERAL unnest(r.irregular) g
        JOIN ${HOURS} h
          ON h.room_id = r.room_id AND h.weekday = extract(isodow FROM g)${hoursValidOn('g')}
       WHERE r.closed IS NULL AND g >= r.first_day AND g <= $2::date
      UNION ALL
      -- Rooms with a closure in the range: day by day, each slot as instants minus the closures.
      SELECT r.room_id, g::date,
             (SELECT CASE WHEN r.closed && x.slot
                          THEN rfe_hours(tstzmultirange(x.slot) - r.closed)
                          ELSE ${hours('x.slot')} END
                FROM (SELECT ${slotOf('g::date')} AS slot) x),
             0
        FROM listed r
        CROSS JOIN LATERAL generate_series(r.first_day::timestamp, $2::date::timestamp,
                                           interval '1 day') g
        JOIN ${HOURS} h
          ON h.room_id = r.room_id AND h.weekday = extract(isodow FROM g)${hoursValidOn('g::date')}
       WHERE r.closed IS NOT NULL
      UNION ALL
      SELECT b.room_id, b.day, 0,
             CASE WHEN r.closed && x.slot
                  THEN rfe_hours((tstzmultirange(x.slot) - r.closed) * tstzmultirange(b.part))
                  ELSE ${hours('x.slot * b.part')} END
        FROM parts b
        JOIN listed r ON r.room_id = b.room_id AND b.day >= r.first_day
        JOIN ${HOURS} h
          ON h.room_id = b.room_id AND h.weekday = extract(isodow FROM b.day)${hoursValidOn('b.day')}
        CROSS JOIN LATERAL (SELECT ${slotOf('b.day')} AS slot) x
       WHERE b.part && x.slot
    ),
    per_room AS (
      SELECT room_id, ${groupBy === 'month' ? "date_trunc('month', day)::date" : 'NULL::date'} AS month,
             sum(open_hours) AS open_hours, sum(booked_hours) AS booked_hours
        FROM figures GROUP BY 1, 2
    ),
    grouped AS (
      SELECT ${keys.join(', ')}, GROUPING(${keys[0]}) = 1 AS is_total,
             coalesce(sum(p.open_hours), 0) AS open_hours,
             coalesce(sum(p.booked_hours), 0) AS booked_hours
        FROM ${ROOMS} r
        LEFT JOIN per_room p USING (room_id)
       WHERE r.listed_on <= $2::date ${groupBy === 'month' ? 'AND p.month IS NOT NULL' : ''}
       GROUP BY GROUPING SETS ((${keys.join(', ')}), ())
    )
    SELECT ${groupBy === 'month' ? "to_char(month, 'YYYY-MM') AS month" : keys.join(', ')}, is_total,
           round(open_hours, 2)::float8 AS open_hours,
           round(booked_hours, 2)::float8 AS booked_hours,
           CASE WHEN open_hours > 0
                THEN round(least(1, booked_hours / open_hours), 4)::float8 END AS utilization
      FROM grouped
     ORDER BY is_total, ${UTILIZATION_ORDER[groupBy]}`;
}

/**
 * Requests made in the range (their day in the room's zone), by the kind of the requesting
 * organisation, and what became of them; the owners' median time to answer counts the
 * decisions a person made (not automatic approvals). `organizations` is the number of
 * organisations behind a row, for suppression.
 */
export const BOOKINGS_SQL = `
  SELECT o.kind, GROUPING(o.kind) = 1 AS is_total,
         count(*)::int AS requests,
         count(*) FILTER (WHERE b.decided_at IS NOT NULL
                            AND b.status IN ('approved', 'cancelled'))::int AS approvals,
         count(*) FILTER (WHERE b.status = 'declined')::int AS declines,
         count(*) FILTER (WHERE b.status = 'cancelled')::int AS cancellations,
         count(*) FILTER (WHERE b.status = 'expired')::int AS expiries,
         count(*) FILTER (WHERE b.status = 'pending')::int AS pending,
         round((percentile_cont(0.5) WITHIN GROUP (
                  ORDER BY extract(epoch FROM b.decided_at - b.requested_at) / 3600)
                FILTER (WHERE b.answered_by_owner AND b.decided_at IS NOT NULL))::numeric, 2
              )::float8 AS median_answer_hours,
         count(DISTINCT b.organization_id)::int AS organizations,
         count(DISTINCT b.organization_id)
           FILTER (WHERE b.answered_by_owner AND b.decided_at IS NOT NULL)::int AS answered_organizations
    FROM ${BOOKINGS} b
    JOIN ${ROOMS} r USING (room_id)
    JOIN ${ORGANIZATIONS} o USING (organization_id)
   WHERE b.requested_at >= ${midnight('$1::date')} AND b.requested_at < ${midnight('$2::date + 1')}
   GROUP BY GROUPING SETS ((o.kind), ())
   ORDER BY is_total, o.kind`;

export type ReachGroup = 'kind' | 'language' | 'field' | 'district';

const REACH_KEYS: Record<ReachGroup, string> = {
  kind: 'ARRAY[o.kind]',
  language: `CASE WHEN cardinality(o.languages) > 0 THEN o.languages ELSE ARRAY[NULL::text] END`,
  field: `CASE WHEN cardinality(o.fields) > 0 THEN o.fields ELSE ARRAY[NULL::text] END`,
  district: 'ARRAY[o.district]',
};

/**
 * Organisations served in the range (at least one counted booking there) and their booked
 * hours there, by a property of the organisation; one that works in several languages (or
 * fields) counts in each. New: no counted booking that starts before the range. The total
 * counts every organisation once, with the migrant self-organisations among them.
 */
export function reachSql(groupBy: ReachGroup): string {
  return `
    WITH served AS (
      SELECT p.organization_id, sum(${hours('p.part')}) AS hours
        FROM ${BOOKED} p GROUP BY p.organization_id
    ),
    described AS (
      SELECT s.organization_id, s.hours, o.kind, ${REACH_KEYS[groupBy]} AS keys,
             NOT EXISTS (
               SELECT 1 FROM ${BOOKINGS} e JOIN ${ROOMS} r USING (room_id)
                WHERE e.organization_id = s.organization_id AND e.status = 'approved'
                  AND e.starts_at < ${midnight('$1::date')}) AS is_new
        FROM served s JOIN ${ORGANIZATIONS} o USING (organization_id)
    )
    SELECT key, false AS is_total,
           count(*)::int AS organizations,
           count(*) FILTER (WHERE is_new)::int AS new_organizations,
           round(sum(hours), 2)::float8 AS booking_hours,
           count(*) FILTER (WHERE kind = 'migrant_self_organization')::int AS migrant
      FROM described CROSS JOIN LATERAL unnest(keys) AS key
     GROUP BY key
    UNION ALL
    SELECT NULL, true, count(*)::int, count(*) FILTER (WHERE is_new)::int,
           coalesce(round(sum(hours), 2), 0)::float8,
           count(*) FILTER (WHERE kind = 'migrant_self_organization')::int
      FROM described
     ORDER BY 2, 1`;
}

export type InKindGroup = 'venue' | 'organization';

/**
 * Room-hours lent free of charge (rooms priced free or for a donation), from the counted
 * bookings cut to the range, per venue or per venue and organisation, valued at the venue's
 * stated hourly rate or the agency's default ($3, cents).
 */
export function inKindSql(groupBy: InKindGroup): string {
  const keys =
    groupBy === 'venue'
      ? ['venue_id', 'venue_name', 'rate']
      : ['venue_id', 'venue_name', 'rate', 'organization_id', 'organization_name'];
  return `
    WITH lent AS (
      SELECT r.venue_id, r.venue_name, p.organization_id, o.name AS organization_name,
             coalesce(r.in_kind_hourly_rate_cents, $3::int) AS rate,
             ${hours('p.part')} AS hours
        FROM ${BOOKED} p
        JOIN ${ROOMS} r USING (room_id)
        JOIN ${ORGANIZATIONS} o USING (organization_id)
       WHERE r.price_kind IN ('free', 'donation') AND ($4::uuid IS NULL OR r.venue_id = $4::uuid)
    ),
    grouped AS (
      SELECT ${keys.join(', ')}, GROUPING(venue_id) = 1 AS is_total,
             sum(hours) AS hours, sum(hours * rate) AS value,
             count(DISTINCT organization_id)::int AS organizations
        FROM lent
       GROUP BY GROUPING SETS ((${keys.join(', ')}), ())
    )
    SELECT ${keys.join(', ')}, is_total, organizations,
           coalesce(round(hours, 2), 0)::float8 AS free_hours,
           coalesce(round(value), 0)::float8 AS value_cents
      FROM grouped
     ORDER BY is_total, lower(venue_name), venue_id${groupBy === 'organization' ? ', lower(organization_name), organization_id' : ''}`;
}

export type ForumGroup = 'topic' | 'language';

const FORUM_KEYS: Record<ForumGroup, string> = {
  topic: 'ARRAY[s.topic]',
  language: `CASE WHEN cardinality(s.languages) > 0 THEN s.languages ELSE ARRAY[NULL::text] END`,
};

/**
 * The forum's sessions that start in the range (their day in the room's zone), published or
 * cancelled (drafts are plans), by topic or language; a session in two languages counts in
 * each, the total counts it once. Places offered (capacity) and taken (confirmed), places
 * still waiting, and of the confirmed places those that came and those that did not (as
 * recorded; a registration's attendance is for all its places). Figures of people are
 * counts of places, for suppression.
 */
export function forumSql(groupBy: ForumGroup): string {
  return `
    WITH sessions AS (
      SELECT s.session_id, s.status, s.capacity, ${FORUM_KEYS[groupBy]} AS keys,
             coalesce(sum(g.places) FILTER (WHERE g.status = 'confirmed'), 0) AS places_taken,
             coalesce(sum(g.places) FILTER (WHERE g.status = 'waitlisted'), 0) AS waitlisted,
             coalesce(sum(g.places) FILTER (WHERE g.status = 'confirmed' AND g.attended), 0)
               AS attended,
             coalesce(sum(g.places)
                        FILTER (WHERE g.status = 'confirmed' AND g.attended = false), 0)
               AS no_shows
        FROM ${FORUM.sessions} s
        JOIN ${ROOMS} r USING (room_id)
        LEFT JOIN ${FORUM.registrations} g
          ON g.session_id = s.session_id AND s.status = 'published'
       WHERE s.status IN ('published', 'cancelled')
         AND s.starts_at >= ${midnight('$1::date')} AND s.starts_at < ${midnight('$2::date + 1')}
       GROUP BY s.session_id, s.status, s.capacity, s.topic, s.languages
    ),
    figures AS (
      SELECT key, false AS is_total, s.* FROM sessions s CROSS JOIN LATERAL unnest(s.keys) AS key
      UNION ALL
      SELECT NULL, true, s.* FROM sessions s
    )
    SELECT key, is_total,
           count(*) FILTER (WHERE status = 'published')::int AS sessions,
           count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled_sessions,
           coalesce(sum(capacity) FILTER (WHERE status = 'published'), 0)::int AS places,
           sum(places_taken)::int AS places_taken,
           sum(waitlisted)::int AS waitlisted,
           sum(attended)::int AS attended,
           sum(no_shows)::int AS no_shows
      FROM figures
     GROUP BY key, is_total
     ORDER BY is_total, key`;
}

export type MentoringGroup = 'topic' | 'language';

const MENTORING_KEYS: Record<MentoringGroup, string> = {
  topic: 'ARRAY[q.topic]',
  language: 'q.languages',
};

/**
 * Mentoring in the range, by the topic or language of the request (a request in two
 * languages counts in each, the total counts it once); days are the agency's
 * (MENTORING_TIME_ZONE). Requests asked in the range; of them those matched (a mentor
 * accepted) by the range's end, and the median days from asking to the first acceptance;
 * pairs active at some time in the range (accepted before its end, not ended before its
 * start); their meetings that start in the range and the meetings' hours. With each figure
 * the organisations and mentors behind it, for suppression.
 */
export function mentoringSql(groupBy: MentoringGroup): string {
  const zone = `'${MENTORING_TIME_ZONE}'`;
  return `
    WITH bounds AS (
      SELECT $1::date::timestamp AT TIME ZONE ${zone} AS starts,
             ($2::date + 1)::timestamp AT TIME ZONE ${zone} AS ends
    ),
    pairs AS (
      SELECT p.assignment_id, p.request_id, p.mentor_id, p.accepted_at,
             p.ended_at IS NULL OR p.ended_at > b.starts AS active,
             coalesce(m.meetings, 0) AS meetings, coalesce(m.minutes, 0) AS minutes
        FROM ${MENTORING.pairs} p
        CROSS JOIN bounds b
        LEFT JOIN LATERAL (
          SELECT count(*) AS meetings, sum(t.duration_minutes) AS minutes
            FROM ${MENTORING.meetings} t
           WHERE t.assignment_id = p.assignment_id
             AND t.starts_at >= b.starts AND t.starts_at < b.ends) m ON true
       WHERE p.accepted_at IS NOT NULL AND p.accepted_at < b.ends
    ),
    requests AS (
      SELECT q.request_id, q.organization_id, ${MENTORING_KEYS[groupBy]} AS keys,
             q.created_at >= b.starts AS asked,
             (SELECT min(p.accepted_at) FROM pairs p WHERE p.request_id = q.request_id)
               - q.created_at AS wait
        FROM ${MENTORING.requests} q CROSS JOIN bounds b
       WHERE q.created_at < b.ends
    ),
    per_request AS (
      -- A mentor whose account was deleted leaves the pair without a mentor: each such pair
      -- counts as a person of its own, never as nobody (which would lift the suppression).
      SELECT q.*, coalesce(p.mentor_id::text, 'gone:' || p.assignment_id::text) AS mentor,
             coalesce(p.active, false) AS active,
             -- A request matched twice (a pair ended, another began) has a row per pair.
             row_number() OVER (PARTITION BY q.request_id ORDER BY p.accepted_at) = 1 AS once,
             coalesce(p.meetings, 0) AS meetings, coalesce(p.minutes, 0) AS minutes
        FROM requests q LEFT JOIN pairs p USING (request_id)
       WHERE q.asked OR p.active OR p.meetings > 0
    ),
    figures AS (
      SELECT key, false AS is_total, r.* FROM per_request r CROSS JOIN LATERAL unnest(r.keys) key
      UNION ALL
      SELECT NULL, true, r.* FROM per_request r
    )
    SELECT key, is_total,
           count(DISTINCT request_id) FILTER (WHERE asked)::int AS requests,
           count(DISTINCT organization_id) FILTER (WHERE asked)::int AS requesting_organizations,
           count(DISTINCT request_id) FILTER (WHERE asked AND wait IS NOT NULL)::int AS matched,
           count(DISTINCT organization_id)
             FILTER (WHERE asked AND wait IS NOT NULL)::int AS matched_organizations,
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM wait) / 86400)
                   FILTER (WHERE asked AND once AND wait IS NOT NULL))::numeric, 2)::float8
             AS median_days_to_match,
           count(*) FILTER (WHERE active)::int AS active_pairs,
           least(count(DISTINCT organization_id) FILTER (WHERE active),
                 count(DISTINCT mentor) FILTER (WHERE active))::int AS paired_people,
           coalesce(sum(meetings), 0)::int AS meetings,
           round(coalesce(sum(minutes), 0) / 60.0, 2)::float8 AS meeting_hours,
           least(count(DISTINCT organization_id) FILTER (WHERE meetings > 0),
                 count(DISTINCT mentor) FILTER (WHERE meetings > 0))::int AS meeting_people
      FROM figures
     GROUP BY key, is_total
     ORDER BY is_total, key`;
}

/**
 * The needs survey's round $1: per question and answer (a rating 1..5, a choice's key) the
 * organisations that gave it (`answer`); per question the organisations that answered it
 * and the mean rating (`question`); the organisations that answered the round (`total`);
 * and, when $2, the free texts in alphabetical order, without their organisations (`text`).
 */
export const NEEDS_SQL = `
  WITH answers AS (SELECT * FROM ${SURVEY.answers} WHERE survey_id = $1),
  given AS (
    SELECT question_id, organization_id, rating::text AS answer
      FROM answers WHERE rating IS NOT NULL
    UNION ALL
    SELECT a.question_id, a.organization_id, c.key
      FROM answers a CROSS JOIN LATERAL unnest(a.choices) AS c(key)
  )
  SELECT 'answer' AS part, question_id, answer,
         count(DISTINCT organization_id)::int AS organizations,
         NULL::float8 AS mean_rating, NULL::text AS text
    FROM given GROUP BY question_id, answer
  UNION ALL
  SELECT 'question', question_id, NULL, count(DISTINCT organization_id)::int,
         round(avg(rating), 2)::float8, NULL
    FROM answers GROUP BY question_id
  UNION ALL
  SELECT 'total', NULL, NULL, count(*)::int, NULL, NULL
    FROM ${SURVEY.responses} WHERE survey_id = $1
  UNION ALL
  SELECT 'text', question_id, NULL, NULL, NULL, text
    FROM answers WHERE $2::boolean AND text IS NOT NULL
   ORDER BY 1, 2, 3, 6`;
