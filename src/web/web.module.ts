import { Module, Type } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AvailabilityModule } from '../availability/availability.module';
import { IdentityModule } from '../identity/identity.module';
import { RoomsModule } from '../rooms/rooms.module';
import { AccountDataPage } from './account/account-data.page';
import { AccountPage } from './account/account.page';
import { HomePage } from './home.page';
import { CataloguePage } from './catalogue/catalogue.page';
import { RoomPages } from './catalogue/room-pages.service';
import { Assets } from './shell/assets';
import { PageErrors } from './shell/page-errors';
import { PagesService, WEB_ASSETS } from './shell/pages.service';
import { WebCookies } from './shell/web-cookies';
import { WebGuard } from './shell/web.guard';
import { WebSessionsService } from './shell/web-sessions.service';

/** Every page controller; pages live under `/` (the API's modules are mounted at /api). */
export const PAGE_CONTROLLERS: Type[] = [HomePage, AccountPage, AccountDataPage, CataloguePage];

/**
 * The web pages: the shell (view engine, layout, sessions, CSRF, language, assets) and the
 * pages, which call the modules' services as the API's controllers do.
 */
@Module({
  imports: [IdentityModule, AccountsModule, RoomsModule, AvailabilityModule],
  controllers: PAGE_CONTROLLERS,
  providers: [
    { provide: WEB_ASSETS, useFactory: () => new Assets() },
    PagesService,
    PageErrors,
    RoomPages,
    WebGuard,
    WebCookies,
    WebSessionsService,
  ],
  // Shared with the other page modules: one renderer, one guard, one sessions service, one
  // place that decides the cookies' attributes.
  exports: [PageErrors, WEB_ASSETS, PagesService, WebGuard, WebCookies, WebSessionsService],
})
export class WebModule {}
