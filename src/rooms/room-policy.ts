import { ApprovalMode, Room } from './room.entity';
import { RoomPolicy } from './rooms.contract';

export function policyOf(room: Pick<Room, keyof RoomPolicy>): RoomPolicy {
  return {
    approval: room.approval,
    minDurationMinutes: room.minDurationMinutes,
    maxDurationMinutes: room.maxDurationMinutes,
    leadTimeHours: room.leadTimeHours,
    horizonDays: room.horizonDays,
    bufferMinutes: room.bufferMinutes,
    monthlyHoursPerOrganization: room.monthlyHoursPerOrganization,
    requestExpiryHours: room.requestExpiryHours,
    requiresVerifiedOrganization: room.requiresVerifiedOrganization,
  };
}

/** A room's policy as plain SQL reads it (`POLICY_COLUMNS`, snake_case). */
export interface PolicyRow {
  approval: ApprovalMode;
  min_duration_minutes: number;
  max_duration_minutes: number;
  lead_time_hours: number;
  horizon_days: number;
  buffer_minutes: number;
  monthly_hours_per_organization: number | null;
  request_expiry_hours: number;
  requires_verified_organization: boolean;
}

/** The columns of `PolicyRow`, for queries that read a room's policy with plain SQL. */
export const POLICY_COLUMNS = [
  'approval',
  'min_duration_minutes',
  'max_duration_minutes',
  'lead_time_hours',
  'horizon_days',
  'buffer_minutes',
  'monthly_hours_per_organization',
  'request_expiry_hours',
  'requires_verified_organization',
] as const;

export const policyOfRow = (row: PolicyRow): RoomPolicy => ({
  approval: row.approval,
  minDurationMinutes: row.min_duration_minutes,
  maxDurationMinutes: row.max_duration_minutes,
  leadTimeHours: row.lead_time_hours,
  horizonDays: row.horizon_days,
  bufferMinutes: row.buffer_minutes,
  monthlyHoursPerOrganization: row.monthly_hours_per_organization,
  requestExpiryHours: row.request_expiry_hours,
  requiresVerifiedOrganization: row.requires_verified_organization,
});
