/** The API this board talks to: `VITE_API_URL` when Vite starts, else the demo server's address. */
export const apiUrl = (import.meta.env.VITE_API_URL ?? 'http://localhost:5080').replace(/\/+$/, '');

export const graphqlUrl = `${apiUrl}/graphql`;
export const graphqlWsUrl = graphqlUrl.replace(/^http/, 'ws');
