import { ApprovalMode, Room } from './room.entity';

/** The rules a booking request for a room is held to. */
export interface RoomPolicy {
  approval: ApprovalMode;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  leadTimeHours: number;
  horizonDays: number;
  /** Kept free before and after every booking. */
  bufferMinutes: number;
  /** Null: no monthly limit. */
  monthlyHoursPerOrganization: number | null;
  /** A pending request not answered within this many hours expires. */
  requestExpiryHours: number;
  requiresVerifiedOrganization: boolean;
}

export function policyOf(room: Room): RoomPolicy {
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
