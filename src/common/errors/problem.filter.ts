import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemRenderer } from './problem';

/** The one place where exceptions become HTTP responses. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly renderer: ProblemRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.renderer.send(
      exception,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
    );
  }
}
