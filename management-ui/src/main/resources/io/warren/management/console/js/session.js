// The logged-in user's HTTP basic credentials, kept in sessionStorage: they last as long as the
// tab and are never written to disk or sent anywhere but this broker's /api.
const KEY = 'warren.session';

/** The Authorization header value for user:password (UTF-8, as RabbitMQ decodes it). */
export function basicAuth(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return 'Basic ' + btoa(String.fromCharCode(...bytes));
}

export function save(user, authorization) {
  sessionStorage.setItem(KEY, JSON.stringify({user, authorization}));
}

/** {user, authorization}, or null when nobody is logged in. */
export function current() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function clear() {
  sessionStorage.removeItem(KEY);
}
