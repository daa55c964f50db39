import { applyDecorators, Controller, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../common/auth/actor';
import { WebGuard } from './web.guard';

export const IS_PAGE = 'rfe:isPage';
export const LOGIN_REQUIRED = 'rfe:loginRequired';

/**
 * A controller of web pages: served under `/` (not `/api`), outside the OpenAPI document,
 * open to the bearer-token guard (a page's user comes from its session cookie), and behind
 * the WebGuard — session, language, CSRF token and Origin check.
 */
export const PageController = (path = '') =>
  applyDecorators(
    Controller(path),
    SetMetadata(IS_PAGE, true),
    ApiExcludeController(),
    Public(),
    UseGuards(WebGuard),
  );

/** The page needs a logged-in user; others are sent to the login page and back. */
export const LoginRequired = () => SetMetadata(LOGIN_REQUIRED, true);
