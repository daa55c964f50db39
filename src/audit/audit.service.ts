import { Injectable } from '@nestjs/common';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Database } from '../database/database';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  data?: Record<string, unknown>;
}

/**
 * The audit trail. Entries are written in the caller's transaction, so that a change and its
 * record are committed together or not at all.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  async record(records: AuditRecord | AuditRecord[]): Promise<void> {
    const list = Array.isArray(records) ? records : [records];
    if (list.length === 0) return;
    const rows = list.map((record) => ({ ...record, data: record.data ?? {} }));
    // jsonb takes any object; TypeORM's deep-partial type cannot say so.
    await this.db.manager.insert(AuditEntry, rows as QueryDeepPartialEntity<AuditEntry>[]);
  }
}
