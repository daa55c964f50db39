import { Module, Type } from '@nestjs/common';
import { MentoringModule } from '../../mentoring/mentoring.module';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { TopicsModule } from '../../topics/topics.module';
import { WebModule } from '../web.module';
import { AssignmentPage } from './assignment.page';
import { AssignmentViews } from './assignment-views.service';
import { MentorProfilePage } from './mentor-profile.page';
import { MentoringRequestsPage } from './mentoring-requests.page';

export const MENTORING_PAGE_CONTROLLERS: Type[] = [
  MentorProfilePage,
  MentoringRequestsPage,
  AssignmentPage,
];

/**
 * The mentoring pages (own mentor profile and certificate, requests, staff's matching,
 * assignments and meetings), on the mentoring module's services as its API uses them.
 */
@Module({
  imports: [WebModule, MentoringModule, OrganizationsModule, TopicsModule],
  controllers: MENTORING_PAGE_CONTROLLERS,
  providers: [AssignmentViews],
})
export class MentoringWebModule {}
