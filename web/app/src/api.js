// The HTTP API (docs/api/openapi.json), with the bearer token from localStorage. Every error is
// thrown as an ApiError carrying the server's {error: {status, message, problems}}.
const TOKEN_KEY = 'opticplan.token';

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY) || '',
  set: (t) => (t ? localStorage.setItem(TOKEN_KEY, t) : localStorage.removeItem(TOKEN_KEY)),
};

export class ApiError extends Error {
  constructor(status, message, problems) {
    super(message);
    this.status = status;
    this.problems = problems || [];
  }
}

// Listeners told when the server refuses the token (401), so the app can ask for another.
const unauthorised = [];
export const onUnauthorised = (f) => unauthorised.push(f);

export async function request(method, path, body, {raw = false} = {}) {
  const headers = {};
  const t = token.get();
  if (t) headers.Authorization = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'cannot reach the server: ' + e.message);
  }
  if (res.ok && raw) return res;
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, `${method} ${path}: the server answered with something other than JSON`);
    }
  }
  if (!res.ok) {
    const e = (data && data.error) || {};
    const err = new ApiError(res.status, e.message || `${method} ${path}: ${res.status} ${res.statusText}`, e.problems);
    if (res.status === 401) unauthorised.forEach((f) => f(err));
    throw err;
  }
  return data;
}

const q = encodeURIComponent;
export const api = {
  health: () => request('GET', '/api/health'),
  validate: (input) => request('POST', '/api/validate', input),
  scenarios: () => request('GET', '/api/scenarios').then((r) => r.scenarios || []),
  // {text: false}: the summary without the scenario's text (12 MB for 100,000 orders).
  scenario: (id, {text = true} = {}) => request('GET', `/api/scenarios/${q(id)}${text ? '' : '?text=false'}`),
  createScenario: (input) => request('POST', '/api/scenarios', input),
  updateScenario: (id, input) => request('PUT', `/api/scenarios/${q(id)}`, input),
  deleteScenario: (id) => request('DELETE', `/api/scenarios/${q(id)}`),
  versions: (id) => request('GET', `/api/scenarios/${q(id)}/versions`).then((r) => r.versions || []),
  version: (id, v) => request('GET', `/api/scenarios/${q(id)}/versions/${v}`),
  quote: (id, order) => request('POST', `/api/scenarios/${q(id)}/quote`, order),
  commit: (id, order) => request('POST', `/api/scenarios/${q(id)}/commit`, order),
  orders: (id) => request('GET', `/api/scenarios/${q(id)}/orders`).then((r) => r.orders || []),
  release: (id, order) => request('POST', `/api/scenarios/${q(id)}/orders/${q(order)}/release`),
  runs: (scenario) => request('GET', '/api/runs' + (scenario ? `?scenario=${q(scenario)}` : '')).then((r) => r.runs || []),
  startRun: (input) => request('POST', '/api/runs', input),
  run: (id) => request('GET', `/api/runs/${id}`),
  cancelRun: (id) => request('POST', `/api/runs/${id}/cancel`),
  charts: (id) => request('GET', `/api/runs/${id}/charts`),
  result: (id) => request('GET', `/api/runs/${id}/result`, undefined, {raw: true}),
  report: (id) => request('GET', `/api/runs/${id}/report`, undefined, {raw: true}),
  compare: (a, b) => request('GET', `/api/compare?a=${a}&b=${b}`),
};
