// Calls to the management API: same paths and JSON as RabbitMQ's, with the session's basic
// credentials. Errors become ApiError carrying RabbitMQ's {"error", "reason"}.
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, error, reason) {
    super(reason || error || `HTTP ${status}`);
    this.status = status;
    this.error = error;
  }
}

/** Called when the API answers 401: the app drops the session and shows the login page. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** One path segment, e.g. the vhost "/" becomes %2F as RabbitMQ's paths expect. */
export const seg = value => encodeURIComponent(value);

/**
 * Sends method path (relative to api/, e.g. "/queues/%2F/orders") with an optional JSON body.
 * Resolves to the parsed JSON answer, or null for an empty one.
 */
export async function request(method, path, body, {authorization, headers = {}} = {}) {
  const auth = authorization || session.current()?.authorization;
  // credentials 'omit': the Authorization header is ours, and without browser-managed credentials
  // a 401's WWW-Authenticate challenge cannot open the browser's own login dialog (Fetch spec).
  const init = {method, headers: {...headers}, cache: 'no-store', credentials: 'omit'};
  if (auth) init.headers.Authorization = auth;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch('api' + path, init);
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    // RabbitMQ answers 401 both for bad credentials ("not_authorized", "Login failed") and for a
    // user whose tags do not allow the request ("not_authorised", British spelling): only the
    // first ends the session.
    if (response.status === 401 && !authorization && json?.error !== 'not_authorised') onUnauthorized();
    throw new ApiError(response.status, json?.error, json?.reason ?? (json ? undefined : text));
  }
  return json;
}

export const get = (path, options) => request('GET', path, undefined, options);
export const put = (path, body) => request('PUT', path, body ?? {});
export const post = (path, body) => request('POST', path, body ?? {});
export const del = (path, options) => request('DELETE', path, undefined, options);

/** A query string from an object, skipping empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Every virtual host's name, for the vhost pickers of forms. */
export async function vhostNames() {
  return (await get('/vhosts')).map(v => v.name);
}
