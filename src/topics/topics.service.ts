import { Injectable } from '@nestjs/common';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { Database } from '../database/database';
import { Topic } from './topic.entity';

/** A topic as the API and other modules see it, labelled in one language. */
export interface TopicView {
  key: string;
  label: string;
}

/**
 * The agency's topic list: what the forum's sessions are about, what mentors offer and what
 * the needs survey asks for. One list, so that reports can put them side by side.
 */
@Injectable()
export class TopicsService {
  constructor(
    private readonly db: Database,
    private readonly catalogue: MessageCatalogue,
  ) {}

  async list(locale: string): Promise<TopicView[]> {
    const topics = await this.db
      .repository(Topic)
      .find({ where: { active: true }, order: { position: 'ASC' } });
    return topics.map((topic) => ({ key: topic.key, label: this.label(locale, topic.key) }));
  }

  /** Whether `key` names an active topic. */
  async exists(key: string): Promise<boolean> {
    return this.db.repository(Topic).exists({ where: { key, active: true } });
  }

  label(locale: string, key: string): string {
    return this.catalogue.t(locale, `topics.${key}`);
  }
}
