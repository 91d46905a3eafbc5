// Sign-in as the demo portal: the authorization code flow with PKCE (RFC 7636) against the API's token server.
// The verifier and state wait in sessionStorage during the round trip through the login page; the access token
// stays in sessionStorage for the tab's life (a board that outlives it signs in again).
import { apiUrl } from './config';

const clientId = 'demo-portal';
const scopes = 'openid offline_access sales:read sales:write';
export const callbackPath = '/callback';
const pendingKey = 'manager-board:pending';
const tokenKey = 'manager-board:token';

const redirectUri = () => window.location.origin + callbackPath;

function base64Url(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function savedToken(): string | null {
  const saved = JSON.parse(sessionStorage.getItem(tokenKey) ?? 'null') as { accessToken: string; expiresAt: number } | null;
  return saved && saved.expiresAt > Date.now() ? saved.accessToken : null;
}

export function signOut(): void {
  sessionStorage.removeItem(tokenKey);
}

export async function signIn(): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri(), scope: scopes,
    code_challenge: challenge, code_challenge_method: 'S256', state,
  });
  window.location.assign(`${apiUrl}/connect/authorize?${query}`);
}

/** On the callback page: trades the code for a token (a cross-origin POST, allowed by the API's CORS). Null elsewhere. */
export async function completeSignIn(): Promise<string | null> {
  if (window.location.pathname !== callbackPath) return null;
  const params = new URLSearchParams(window.location.search);
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(pendingKey);
  window.history.replaceState(null, '', '/');
  if (params.get('error')) throw new Error(`Sign-in refused: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('This sign-in answer does not match a sign-in started here; sign in again.');
  const response = await fetch(`${apiUrl}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: redirectUri(),
      client_id: clientId, code_verifier: pending.verifier,
    }),
  });
  const body = await response.json() as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`Token request refused: ${body.error_description ?? body.error ?? response.status}`);
  sessionStorage.setItem(tokenKey, JSON.stringify({ accessToken: body.access_token, expiresAt: Date.now() + ((body.expires_in ?? 300) - 30) * 1000 }));
  return body.access_token;
}
