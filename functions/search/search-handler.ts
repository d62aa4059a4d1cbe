import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DocpipeError, InvalidQueryError } from '../../shared/domain/errors.ts';
import type { SearchService } from '../../shared/services/search-service.ts';

export interface SearchHandlerDependencies {
  service: SearchService;
  logger: Logger;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/** HTTP API (payload v2): GET /search and GET /health. User input errors are 400s, never 500s. */
export function createSearchHandler({ service, logger }: SearchHandlerDependencies) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = `${event.requestContext.http.method} ${event.rawPath}`;
    try {
      if (route === 'GET /health') return json(200, { status: 'ok' });
      if (route === 'GET /search') {
        const params = event.queryStringParameters ?? {};
        return json(200, await service.search({ q: params.q, size: params.size }));
      }
      return json(404, { error: { code: 'NOT_FOUND', message: `No route ${route}; try GET /search?q=… or GET /health.` } });
    } catch (error) {
      if (error instanceof InvalidQueryError) {
        return json(400, { error: { code: error.code, message: error.message, parameter: error.parameter } });
      }
      if (error instanceof DocpipeError && error.permanent) return json(400, { error: { code: error.code, message: error.message } });
      logger.error('search failed', { route, error: error as Error });
      return json(500, { error: { code: 'INTERNAL', message: 'The search failed on our side; try again shortly.' } });
    }
  };
}
