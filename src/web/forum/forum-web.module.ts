import { Module, Type } from '@nestjs/common';
import { ForumModule } from '../../forum/forum.module';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { RoomsModule } from '../../rooms/rooms.module';
import { TopicsModule } from '../../topics/topics.module';
import { WebModule } from '../web.module';
import { ForumPage } from './forum.page';

export const FORUM_PAGE_CONTROLLERS: Type[] = [ForumPage];

/** The forum's pages (programme, session, registration), on the forum module's services. */
@Module({
  imports: [WebModule, ForumModule, OrganizationsModule, RoomsModule, TopicsModule],
  controllers: FORUM_PAGE_CONTROLLERS,
})
export class ForumWebModule {}
