import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/graphiql.css';
import { completeSignIn, currentToken, signIn, signOut } from './signIn.js';

const DEFAULT_QUERY = `# Sign in (top right) to run queries as a member.
# The schema and its docs (left) need no token.
{
  viewer { kind scopes member { name role } }
  tenant { name }
}
`;

function Ide({ initialToken, initialError }) {
  const [token, setToken] = useState(initialToken);
  const [error, setError] = useState(initialError);
  const fetcher = useMemo(() => {
    const authorization = token ? { Authorization: `Bearer ${token}` } : {};
    const origin = window.location.origin;
    return createGraphiQLFetcher({
      url: `${origin}/graphql`,
      subscriptionUrl: origin.replace(/^http/, 'ws') + '/graphql',
      headers: { ...authorization, accept: 'application/graphql-response+json' },
      // Browsers cannot set headers on a WebSocket: the token travels in connection_init.
      wsConnectionParams: authorization,
    });
  }, [token]);

  return (
    <>
      <div className="hs-bar">
        <strong>HeadlessSales</strong>
        <span className="hs-grow">GraphQL IDE</span>
        {error && <span className="hs-error">{error}</span>}
        {token ? (
          <button type="button" onClick={() => { signOut(); setToken(null); }}>Sign out</button>
        ) : (
          <button type="button" onClick={() => signIn().catch((e) => setError(e.message))}>Sign in</button>
        )}
      </div>
      <div className="hs-ide">
        <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} key={token ?? 'anonymous'} />
      </div>
    </>
  );
}

let token = null;
let error = null;
try {
  token = (await completeSignIn()) ?? currentToken();
} catch (e) {
  error = e.message;
}
createRoot(document.getElementById('ide')).render(<Ide initialToken={token} initialError={error} />);
