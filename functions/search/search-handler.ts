import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DocpipeError, InvalidQueryError } from '../../shared/domain/errors.ts';
import { carriesOriginSecret, OriginSecretMismatchError, type AcceptedOriginSecrets } from '../../shared/origin-secret.ts';
import type { SearchService } from '../../shared/services/search-service.ts';
import { SEARCH_PAGE_HTML } from './search-page.ts';

export interface SearchHandlerDependencies {
  service: SearchService;
  logger: Logger;
  /**
   * Behind CloudFront + WAF: the origin secret values a request must carry (shared/origin-secret.ts).
   * Absent (no WAF, or the local stack, where nothing fronts the API) every request is served.
   */
  originSecrets?: AcceptedOriginSecrets;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

const page = (): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    // The page loads nothing from elsewhere; its script and style are inline.
    'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  },
  body: SEARCH_PAGE_HTML,
});

const DOCUMENT_PATH = /^\/documents\/([^/]+)$/;

/** A malformed escape is an unknown id (404), not a crash. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * HTTP API (payload v2): `GET /` (the search page), `GET /search`, `GET /documents/{id}`,
 * `GET /health`. User input errors are 400s naming the parameter, never 500s.
 */
export function createSearchHandler({ service, logger, originSecrets }: SearchHandlerDependencies) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const path = event.rawPath;
    const route = `${method} ${path}`;
    try {
      if (originSecrets && !(await carriesOriginSecret(event.headers, originSecrets))) throw new OriginSecretMismatchError();
      if (method !== 'GET' && method !== 'HEAD') {
        return json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: `${method} is not supported; this API is read-only (GET).` } });
      }
      if (path === '/' || path === '/index.html') return page();
      if (path === '/health') return json(200, { status: 'ok' });
      if (path === '/search') return json(200, await service.search(event.queryStringParameters ?? {}));
      const doc = DOCUMENT_PATH.exec(path);
      if (doc) return json(200, await service.document(safeDecode(doc[1] ?? '')));
      return json(404, { error: { code: 'NOT_FOUND', message: `No route ${route}; try GET /search?q=…, GET /documents/{id}, GET /health or GET /.` } });
    } catch (error) {
      if (error instanceof OriginSecretMismatchError) return json(403, { error: { code: 'FORBIDDEN', message: error.message } });
      if (error instanceof InvalidQueryError) {
        return json(400, { error: { code: error.code, message: error.message, parameter: error.parameter } });
      }
      if (error instanceof DocpipeError && error.code === 'NOT_FOUND') return json(404, { error: { code: error.code, message: error.message } });
      if (error instanceof DocpipeError && error.permanent) return json(400, { error: { code: error.code, message: error.message } });
      logger.error('search failed', { route, error: error as Error });
      return json(500, { error: { code: 'INTERNAL', message: 'The search failed on our side; try again shortly.' } });
    }
  };
}
