import { Controller, Get, Headers } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/actor';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { ApiProblems } from '../common/openapi/api-problems';
import { TopicListResponseDto } from './dto/topic.response.dto';
import { TopicsService } from './topics.service';

@ApiTags('topics')
@Controller('topics')
export class TopicsController {
  constructor(
    private readonly topics: TopicsService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'listTopics',
    summary: 'The agency’s topic list (forum, mentoring, needs survey)',
  })
  @ApiProblems({ ok: TopicListResponseDto })
  async list(@Headers('accept-language') language?: string): Promise<TopicListResponseDto> {
    const items = await this.topics.list(this.catalogue.negotiate(language));
    return { items, total: items.length };
  }
}
