import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  data?: Record<string, unknown>;
}

/**
 * The audit trail. Entries are written with the caller's transaction manager, so that a
 * change and its record are committed together or not at all.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, records: AuditRecord | AuditRecord[]): Promise<void> {
    const list = Array.isArray(records) ? records : [records];
    if (list.length === 0) return;
    const rows = list.map((record) => ({ ...record, data: record.data ?? {} }));
    // jsonb takes any object; TypeORM's deep-partial type cannot say so.
    await manager.insert(AuditEntry, rows as QueryDeepPartialEntity<AuditEntry>[]);
  }

  async trailOf(manager: EntityManager, entity: string, entityId: string): Promise<AuditEntry[]> {
    return manager.find(AuditEntry, { where: { entity, entityId }, order: { id: 'ASC' } });
  }
}
