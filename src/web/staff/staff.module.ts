import { Module, Type } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/notifications.module';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { WebModule } from '../web.module';
import { StaffPage } from './staff.page';

export const STAFF_PAGE_CONTROLLERS: Type[] = [StaffPage];

/** The agency staff's pages (admins): verifying organisations, undelivered mail. */
@Module({
  imports: [WebModule, OrganizationsModule, NotificationsModule],
  controllers: STAFF_PAGE_CONTROLLERS,
})
export class StaffWebModule {}
