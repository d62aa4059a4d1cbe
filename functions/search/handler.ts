import { sigv4OpenSearchClient } from '../../shared/adapters/opensearch-client.ts';
import { powertools } from '../../shared/adapters/aws-runtime.ts';
import { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
import { loadConfig } from '../../shared/config.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import { createSearchHandler } from './search-handler.ts';

/** Lambda entry: HTTP API (payload v2). Wiring only; the behaviour is in search-handler.ts. */
const config = loadConfig(['opensearchEndpoint', 'indexAlias']);
const { logger } = powertools('search');
const index = new OpenSearchIndex(sigv4OpenSearchClient(config.opensearchEndpoint), config.indexAlias);

export const handler = createSearchHandler({ service: createSearchService({ index }), logger });
