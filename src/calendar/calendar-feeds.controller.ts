import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { UuidParam } from '../common/validation/uuid-param';
import { CalendarFeedsService } from './calendar-feeds.service';
import { FeedPublisherService, PublishedFeed } from './feed-publisher.service';

const ICALENDAR = {
  description:
    'iCalendar (RFC 5545). Sent with a strong ETag and Last-Modified; a request that sends ' +
    'them back (If-None-Match, If-Modified-Since) is answered 304 while the feed is unchanged.',
  content: { 'text/calendar': { schema: { type: 'string' as const } } },
};
const NOT_MODIFIED = { status: 304, description: 'Unchanged since the ETag or date sent' };

interface FeedRequestHeaders {
  'accept-language'?: string;
  'if-none-match'?: string;
  'if-modified-since'?: string;
}

/**
 * iCalendar feeds for calendar programs. They answer text/calendar whatever Accept says —
 * calendar programs send all sorts — and problem+json only for errors.
 */
@ApiTags('calendar')
@Controller('calendar')
@Public()
export class CalendarFeedsController {
  constructor(
    private readonly feeds: CalendarFeedsService,
    private readonly publisher: FeedPublisherService,
  ) {}

  @Get('rooms/:roomId.ics')
  @ApiOperation({
    operationId: 'getRoomFeed',
    summary: 'Public feed of a room: when it is busy',
    description:
      'Busy times only ("Belegt"/"Busy" after Accept-Language, German by default); public ' +
      'bookings show their title. Three months back, eighteen ahead. Bookings that stopped ' +
      'holding the room stay as STATUS:CANCELLED for 30 days after that change.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse(ICALENDAR)
  @ApiResponse(NOT_MODIFIED)
  @ApiProblems({}, 400, 404)
  @ApiParam({ name: 'roomId', format: 'uuid' })
  async room(
    @UuidParam('roomId') roomId: string,
    @Headers() headers: FeedRequestHeaders,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const language = headers['accept-language'];
    const published = await this.publisher.publishRemembered(
      `room:${roomId}`,
      language,
      () => this.feeds.roomFeed(roomId, language),
      conditionalOf(headers),
    );
    return send(reply, published);
  }

  @Get('forum.ics')
  @ApiOperation({
    operationId: 'getForumFeed',
    summary: 'Public feed of the forum: the published public sessions',
    description:
      'Forum sessions, trainings and public events open to the public, with title, place and ' +
      'description; a session not yet confirmed by the room is TENTATIVE. Cancelled sessions ' +
      'stay as STATUS:CANCELLED for 30 days after the cancellation. UID `<session id>@<host>`, ' +
      'as in the registrants’ mailed invitations. Name, and the sessions’ title and description where staff translated them, after Accept-Language.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse(ICALENDAR)
  @ApiResponse(NOT_MODIFIED)
  async forum(
    @Headers() headers: FeedRequestHeaders,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const feed = this.feeds.forumFeed(headers['accept-language']);
    return send(reply, await this.publisher.publish(feed, conditionalOf(headers)));
  }

  @Get('feeds/:token.ics')
  @ApiOperation({
    operationId: 'getPrivateFeed',
    summary: 'Private feed behind a secret link',
    description:
      'The link from `POST /api/calendar/tokens`. Unknown, revoked and no longer permitted ' +
      'links are all answered with the same 404.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse(ICALENDAR)
  @ApiResponse(NOT_MODIFIED)
  @ApiProblems({}, 404)
  @ApiParam({ name: 'token', description: 'The secret of the link' })
  async token(
    @Param('token') token: string,
    @Headers() headers: FeedRequestHeaders,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const feed = await this.feeds.tokenFeed(token, headers['accept-language']);
    return send(reply, await this.publisher.publish(feed, conditionalOf(headers)));
  }
}

const conditionalOf = (headers: FeedRequestHeaders) => ({
  ifNoneMatch: headers['if-none-match'],
  ifModifiedSince: headers['if-modified-since'],
});

/** The cached Buffer goes out as it is: no encoding per response, its length known. */
function send(reply: FastifyReply, feed: PublishedFeed): Buffer | undefined {
  void reply.headers(feed.headers);
  if (feed.notModified) {
    void reply.status(304);
    return undefined;
  }
  return feed.body ?? Buffer.alloc(0);
}
