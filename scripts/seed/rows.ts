import { OrganizationKind } from '../../src/organizations/organization.entity';
import { PolicyRow } from '../../src/rooms/room-policy';
import { RoomFeature } from '../../src/rooms/room.entity';

/*
 * Rows as they go into the tables, keyed by column name: the seed writes SQL directly (it
 * may not use other modules' repositories), so these mirror the migrations, not the entities.
 */

export interface UserRow {
  id: string;
  email: string;
  name: string;
  locale: 'de' | 'en';
  is_admin: boolean;
  /** Demo accounts need no confirmation mail. */
  email_confirmed_at: string;
}

export interface OrganizationRow {
  id: string;
  name: string;
  kind: OrganizationKind;
  languages: string[];
  fields: string[];
  district: string | null;
  description: string | null;
  origin_regions: string[];
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  /** Verified by the demo admin when the seed runs. */
  verified: boolean;
}

export interface MembershipRow {
  organization_id: string;
  /** Users are matched by e-mail: an account may already exist under another id. */
  email: string;
  role: 'owner' | 'member';
}

export interface VenueRow {
  id: string;
  organization_id: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  district: string;
  accessibility_notes: string | null;
  description: string | null;
}

export interface RoomRow extends PolicyRow {
  id: string;
  venue_id: string;
  name: string;
  description: string;
  capacity: number;
  area_sqm: number | null;
  features: RoomFeature[];
  step_free: boolean;
  accessible_toilet: boolean;
  hearing_loop: boolean;
  price_kind: 'free' | 'hourly' | 'donation';
  price_amount_cents: number | null;
  price_currency: string | null;
  time_zone: string;
  active: boolean;
}

export interface OpeningHoursRow {
  room_id: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  opens: string;
  closes: string;
}

export interface ClosureRow {
  room_id: string;
  starts_at: string;
  ends_at: string;
  reason: string;
}

/** Venues with everything that hangs off them; the unit the seed writes in one transaction. */
export interface CatalogueBatch {
  organizations: OrganizationRow[];
  venues: VenueRow[];
  rooms: RoomRow[];
  openingHours: OpeningHoursRow[];
  closures: ClosureRow[];
}
