import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemRenderer } from './problem';

/** Renders failures of requests for web pages as pages (the web shell provides it). */
export interface HtmlErrorPages {
  handles(request: FastifyRequest): boolean;
  send(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/** The one place where exceptions become HTTP responses. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly renderer: ProblemRenderer,
    private readonly pages?: HtmlErrorPages,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (this.pages?.handles(request)) return this.pages.send(exception, request, reply);
    this.renderer.send(exception, request, reply);
  }
}
