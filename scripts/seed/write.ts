import { EntityManager } from 'typeorm';
import { CatalogueBatch, OrganizationRow } from './rows';

/** Column types of the tables the seed fills, as the migrations declare them. */
const TABLES = {
  organizations: {
    id: 'uuid',
    name: 'text',
    kind: 'text',
    languages: 'text[]',
    fields: 'text[]',
    district: 'text',
    description: 'text',
    origin_regions: 'text[]',
    contact_email: 'text',
    contact_phone: 'text',
    website: 'text',
    verified_at: 'timestamptz',
    verified_by: 'uuid',
  },
  venues: {
    id: 'uuid',
    organization_id: 'uuid',
    name: 'text',
    street: 'text',
    postal_code: 'text',
    city: 'text',
    district: 'text',
    accessibility_notes: 'text',
    description: 'text',
  },
  rooms: {
    id: 'uuid',
    venue_id: 'uuid',
    name: 'text',
    description: 'text',
    capacity: 'integer',
    area_sqm: 'numeric',
    features: 'text[]',
    step_free: 'boolean',
    accessible_toilet: 'boolean',
    hearing_loop: 'boolean',
    price_kind: 'text',
    price_amount_cents: 'integer',
    price_currency: 'text',
    time_zone: 'text',
    active: 'boolean',
    approval: 'text',
    min_duration_minutes: 'integer',
    max_duration_minutes: 'integer',
    lead_time_hours: 'integer',
    horizon_days: 'integer',
    buffer_minutes: 'integer',
    monthly_hours_per_organization: 'integer',
    request_expiry_hours: 'integer',
    requires_verified_organization: 'boolean',
  },
  room_opening_hours: { room_id: 'uuid', weekday: 'smallint', opens: 'time', closes: 'time' },
  room_closures: {
    room_id: 'uuid',
    starts_at: 'timestamptz',
    ends_at: 'timestamptz',
    reason: 'text',
  },
  users: {
    id: 'uuid',
    email: 'text',
    name: 'text',
    locale: 'text',
    password_hash: 'text',
    is_admin: 'boolean',
    email_confirmed_at: 'timestamptz',
  },
  memberships: { organization_id: 'uuid', user_id: 'uuid', role: 'text' },
} as const;

type Table = keyof typeof TABLES;

/**
 * Inserts many rows with one statement: the rows travel as a single JSON parameter and
 * `jsonb_to_recordset` turns them back into typed columns. That keeps a batch of thousands
 * of rows to one round trip, clear of PostgreSQL's limit of 65,535 bind parameters.
 * `onConflict` names what makes a row "already there"; such rows are skipped, and only the
 * ids of rows actually written come back (when the table has an id).
 */
export async function insertRows(
  manager: EntityManager,
  table: Table,
  rows: object[],
  onConflict?: string,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(TABLES[table]);
  const types = Object.entries(TABLES[table]).map(([column, type]) => `${column} ${type}`);
  const list = columns.join(', ');
  const conflict = onConflict ? `ON CONFLICT ${onConflict} DO NOTHING` : '';
  const returning = 'id' in TABLES[table] ? 'RETURNING id' : '';
  const inserted = await manager.query<{ id: string }[]>(
    `INSERT INTO ${table} (${list})
       SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS r(${types.join(', ')})
       ${conflict} ${returning}`,
    [JSON.stringify(rows)],
  );
  return returning ? inserted.map((row) => row.id) : [];
}

export interface Written {
  organizations: number;
  venues: number;
  rooms: number;
  openingHours: number;
  closures: number;
}

/**
 * Writes one batch of the catalogue. Records that are there already are left alone; the
 * opening hours and closures of a room are written only with the room itself, so that a
 * second run does not add them again (nor undo what an owner has changed since).
 */
export async function writeCatalogue(
  manager: EntityManager,
  batch: CatalogueBatch,
  verification: { at: string; by: string | null },
): Promise<Written> {
  const organizations = await insertRows(
    manager,
    'organizations',
    batch.organizations.map(({ verified, ...row }: OrganizationRow) => ({
      ...row,
      verified_at: verified && verification.by ? verification.at : null,
      verified_by: verified ? verification.by : null,
    })),
    '(id)',
  );
  const venues = await insertRows(manager, 'venues', batch.venues, '(id)');
  const rooms = new Set(await insertRows(manager, 'rooms', batch.rooms, '(id)'));
  const openingHours = batch.openingHours.filter((row) => rooms.has(row.room_id));
  const closures = batch.closures.filter((row) => rooms.has(row.room_id));
  await insertRows(manager, 'room_opening_hours', openingHours);
  await insertRows(manager, 'room_closures', closures);
  return {
    organizations: organizations.length,
    venues: venues.length,
    rooms: rooms.size,
    openingHours: openingHours.length,
    closures: closures.length,
  };
}
