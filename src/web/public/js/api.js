// The page's only way to the service: same-origin fetch with the user's API key. Errors as data.

/** An HTTP error from the API, carrying the problem+json body's problems (each with its JSON path). */
export class ApiError extends Error {
  constructor(status, body, fallback) {
    const detail = body && typeof body === 'object' ? body.detail ?? body.title ?? body.message : undefined;
    super(detail ? String(detail) : fallback);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.problems = Array.isArray(body?.problems) ? body.problems : [];
  }
}

/**
 * A client for the `/v1` API. `getKey()` supplies the key for each call (sent as a bearer token).
 * @example const api = createApi({ getKey: () => sessionStorage.getItem('hf-key') }); await api.post('/v1/match', req)
 */
export function createApi({ getKey, fetchImpl = (...a) => fetch(...a) } = {}) {
  async function call(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    const key = getKey?.();
    if (key) headers.Authorization = `Bearer ${key}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetchImpl(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, null, `${method} ${path}: the service did not answer (${e.message})`);
    }
    const text = await res.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = { detail: text.slice(0, 300) };
      }
    }
    if (!res.ok) throw new ApiError(res.status, data, `${method} ${path}: HTTP ${res.status}`);
    return data;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    put: (path, body) => call('PUT', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body ?? {}),
    del: (path) => call('DELETE', path),
  };
}

/** A message for a person from any error the API client throws. */
export function errorMessage(e) {
  if (e instanceof ApiError) {
    if (e.status === 401) return 'The API key was not accepted. Enter a valid key at the top of the page.';
    if (e.status === 403) return `Not allowed with this key: ${e.message}`;
    return e.message;
  }
  return e?.message ?? String(e);
}
