import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { graphqlUrl, graphqlWsUrl } from './config';

/**
 * One urql client for queries and mutations over HTTP and subscriptions over graphql-transport-ws. Browsers cannot
 * set headers on a WebSocket, so the token travels in `connection_init` there and as a bearer header on HTTP.
 */
export function createBoardClient(token: string, onLive: (online: boolean) => void): Client {
  const authorization = `Bearer ${token}`;
  const ws = createWsClient({
    url: graphqlWsUrl,
    connectionParams: { Authorization: authorization },
    retryAttempts: 5,
    on: { connected: () => onLive(true), closed: () => onLive(false) },
  });
  return new Client({
    url: graphqlUrl,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: { headers: { authorization } },
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
