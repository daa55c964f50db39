import { Module, Type } from '@nestjs/common';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { SurveyModule } from '../../survey/survey.module';
import { WebModule } from '../web.module';
import { SurveyPage } from './survey.page';

export const SURVEY_PAGE_CONTROLLERS: Type[] = [SurveyPage];

/** The needs survey's pages: organisations answer a round, staff open and close rounds. */
@Module({
  imports: [WebModule, SurveyModule, OrganizationsModule],
  controllers: SURVEY_PAGE_CONTROLLERS,
})
export class SurveyWebModule {}
