// The REST API of the admin app. Every error is application/problem+json; ApiError carries it.
// The browser is signed in by a session cookie (HttpOnly); every change carries the CSRF token
// Spring Security put in the XSRF-TOKEN cookie, as the X-XSRF-TOKEN header.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  get title() {
    return this.problem.title || (this.status ? `Error ${this.status}` : 'Error');
  }

  get diagnostics() {
    return Array.isArray(this.problem.diagnostics) ? this.problem.diagnostics : [];
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of the XSRF-TOKEN cookie, or '' before the server set it. */
export function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : '';
}

/** Back to the sign-in page, which returns here once signed in. */
export function signIn() {
  location.assign(`/signin.html${location.hash ? `#${encodeURIComponent(location.hash.slice(1))}` : ''}`);
}

export async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json' }, credentials: 'same-origin' };
  if (!SAFE.has(method)) init.headers['X-XSRF-TOKEN'] = csrfToken();
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'No answer', detail: 'The server did not answer. Is the faas admin app running?' });
  }
  if (res.status === 401) {
    signIn();
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const problem = data && typeof data === 'object' && !Array.isArray(data)
      ? data : { title: res.statusText, detail: text ? text.slice(0, 300) : `HTTP ${res.status}` };
    throw new ApiError(res.status, problem);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** A query string of the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const enc = encodeURIComponent;
