import { Module, Type } from '@nestjs/common';
import { ForumModule } from '../../forum/forum.module';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { RoomsModule } from '../../rooms/rooms.module';
import { TopicsModule } from '../../topics/topics.module';
import { WebModule } from '../web.module';
import { ForumChoices } from './forum-choices.service';
import { ForumStaffPage } from './forum-staff.page';
import { ForumPage } from './forum.page';
import { ProgrammePages } from './programme-pages.service';

export const FORUM_PAGE_CONTROLLERS: Type[] = [ForumPage, ForumStaffPage];

/**
 * The forum's pages on the forum module's services: the programme, a session and the
 * registrant's own page for everyone; planning, registrations and attendance for staff.
 */
@Module({
  imports: [WebModule, ForumModule, OrganizationsModule, RoomsModule, TopicsModule],
  controllers: FORUM_PAGE_CONTROLLERS,
  providers: [ForumChoices, ProgrammePages],
})
export class ForumWebModule {}
