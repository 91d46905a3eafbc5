// Sign-in with the authorization code flow and PKCE (RFC 7636) against the server's own token server, as any
// browser front-end does it: the code verifier and state stay in sessionStorage for the round trip, the access
// token in sessionStorage for the tab's life.
export const CLIENT_ID = 'headlesssales-ide';
export const SCOPES = 'openid offline_access sales:read sales:write org:admin audit:read';
export const SIGNED_IN_PATH = '/graphql/ide/signed-in';
const PENDING = 'headlesssales-ide:pending';
const TOKEN = 'headlesssales-ide:token';

const redirectUri = () => window.location.origin + SIGNED_IN_PATH;

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function currentToken() {
  const saved = JSON.parse(sessionStorage.getItem(TOKEN) ?? 'null');
  return saved && saved.expiresAt > Date.now() ? saved.accessToken : null;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
}

export async function signIn() {
  if (!window.crypto?.subtle) {
    throw new Error('Signing in needs a secure page (HTTPS, or http://localhost): the browser hides crypto.subtle here.');
  }
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: redirectUri(), scope: SCOPES,
    code_challenge: challenge, code_challenge_method: 'S256', state,
  });
  window.location.assign(`/connect/authorize?${query}`);
}

/** On the page the token server sends the browser back to: trade the code for a token. Null elsewhere. */
export async function completeSignIn() {
  if (window.location.pathname !== SIGNED_IN_PATH) return null;
  const params = new URLSearchParams(window.location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, '', '/graphql');
  if (params.get('error')) throw new Error(`Sign-in refused: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('Sign-in answer does not match a sign-in started here; try again.');
  const response = await fetch('/connect/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: redirectUri(),
      client_id: CLIENT_ID, code_verifier: pending.verifier,
    }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`Token request refused: ${body.error_description ?? body.error ?? response.status}`);
  sessionStorage.setItem(TOKEN, JSON.stringify({ accessToken: body.access_token, expiresAt: Date.now() + (body.expires_in - 30) * 1000 }));
  return body.access_token;
}
