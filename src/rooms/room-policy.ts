import { Room } from './room.entity';
import { RoomPolicy } from './rooms.contract';

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
