import { Injectable } from '@nestjs/common';
import { page, PageDto } from '../common/pagination/page';
import { Database } from '../database/database';
import { AuditEntry } from './audit-entry.entity';
import { AuditEntryResponseDto, AuditQueryDto, toAuditEntryResponse } from './dto/audit.dto';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  data?: Record<string, unknown>;
}

/** An audit entry as other modules read it. */
export type AuditView = AuditEntryResponseDto;

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
    // Plain SQL, one statement however many: every booking request writes here. Nobody
    // waits for the answer: in a transaction it goes with the next query (`later`).
    await this.db.later(
      `INSERT INTO audit_log (actor_id, action, entity, entity_id, data)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::jsonb[])`,
      [
        list.map((record) => record.actorId),
        list.map((record) => record.action),
        list.map((record) => record.entity),
        list.map((record) => record.entityId),
        list.map((record) => JSON.stringify(record.data ?? {})),
      ],
    );
  }

  /** The trail for admins, newest first, filtered by record, actor and time. */
  async list(query: AuditQueryDto): Promise<PageDto<AuditView>> {
    const builder = this.db.manager
      .createQueryBuilder(AuditEntry, 'a')
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(query.limit)
      .offset(query.offset);
    if (query.entity) builder.andWhere('a.entity = :entity', { entity: query.entity });
    if (query.entityId) builder.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) builder.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) builder.andWhere('a.at >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('a.at < :to', { to: new Date(query.to) });
    const [entries, total] = await builder.getManyAndCount();
    return page(entries.map(toAuditEntryResponse), total, query);
  }

  /** One record's history, oldest first (e.g. a booking's, for whoever may see it). */
  async history(
    entity: string,
    entityId: string,
    query: { limit: number; offset: number },
  ): Promise<PageDto<AuditView>> {
    const [entries, total] = await this.db.manager.findAndCount(AuditEntry, {
      where: { entity, entityId },
      order: { at: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(entries.map(toAuditEntryResponse), total, query);
  }

  /** What a person did, and what was done to their account, newest first (for their export). */
  async about(userId: string, limit: number): Promise<AuditView[]> {
    const entries = await this.db.manager
      .createQueryBuilder(AuditEntry, 'a')
      .where("a.actor_id = :userId OR (a.entity = 'user' AND a.entity_id = :userId)", { userId })
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit)
      .getMany();
    return entries.map(toAuditEntryResponse);
  }
}
