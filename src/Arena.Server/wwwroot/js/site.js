// Shared helpers for Arena's pages. Every page loads this module; feature modules import what they need from it.

/** The anti-forgery token the layout renders: API calls signed in by the cookie must carry it. */
export function antiforgeryToken() {
  return document.querySelector('meta[name="arena-antiforgery"]')?.content ?? '';
}

/** A problem-details answer turned into an Error whose message names what is wrong (and where, when the server said). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describeProblem(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

export function describeProblem(status, problem) {
  if (!problem) return `The server answered ${status}.`;
  const parts = [problem.detail || problem.title || `The server answered ${status}.`];
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    for (const message of [].concat(messages)) parts.push(typeof message === 'string' ? `${field}: ${message}` : JSON.stringify(message));
  }
  return parts.join(' ');
}

/**
 * Calls Arena's JSON API with the browser cookie. `body` may be an object (sent as JSON) or FormData.
 * Resolves to the parsed JSON (or null), rejects with ApiError on a 4xx or 5xx.
 */
export async function api(url, { method = 'GET', body } = {}) {
  const headers = { 'Accept': 'application/json', 'RequestVerificationToken': antiforgeryToken() };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await response.text();
  const json = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/**
 * Uploads FormData with progress (fetch cannot report upload progress; XMLHttpRequest can).
 * onProgress receives a fraction between 0 and 1.
 */
export function upload(url, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('RequestVerificationToken', antiforgeryToken());
    request.upload.addEventListener('progress', e => { if (e.lengthComputable) onProgress?.(e.loaded / e.total); });
    request.addEventListener('load', () => {
      let json = null;
      try { json = request.responseText ? JSON.parse(request.responseText) : null; } catch { /* not JSON */ }
      if (request.status >= 200 && request.status < 300) resolve(json);
      else reject(new ApiError(request.status, json));
    });
    request.addEventListener('error', () => reject(new ApiError(0, { detail: 'The upload failed: the connection was lost.' })));
    request.send(formData);
  });
}

export function formatScore(score) {
  return score === null || score === undefined ? '–' : Number(score.toPrecision(12)).toFixed(6).replace(/\.?0+$/, '');
}

/** "3 d 4 h left", "2 h 5 min left" or "closed". */
export function countdown(isoTime, now = new Date()) {
  let seconds = Math.floor((new Date(isoTime) - now) / 1000);
  if (seconds <= 0) return 'closed';
  const days = Math.floor(seconds / 86400); seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600); seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  if (days > 0) return `${days} d ${hours} h left`;
  if (hours > 0) return `${hours} h ${minutes} min left`;
  return `${minutes} min ${seconds % 60} s left`;
}

/** Text for a time element's title: the reader's local time. */
function localTime(iso) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function refreshTimes() {
  for (const time of document.querySelectorAll('time[data-countdown]')) {
    time.textContent = countdown(time.dateTime);
    time.title = localTime(time.dateTime);
  }
}

function init() {
  for (const time of document.querySelectorAll('time[datetime]:not([data-countdown])')) time.title = localTime(time.dateTime);
  refreshTimes();
  if (document.querySelector('time[data-countdown]')) setInterval(refreshTimes, 1000);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();

/**
 * A hub connection that the server closed is started again. A web node that stops (an upgrade, a restart) closes its
 * connections cleanly, and a clean close tells SignalR's automatic reconnect not to run; the balancer sends the new
 * connection to a node that is up. The delay is random, so a node's watchers do not all arrive at once, and grows
 * while starts fail (up to 30 s). onRestarted subscribes again; onOffline reports a failed start. Leaving the page
 * stops the connection for good.
 */
export function restartWhenClosed(connection, onRestarted, onOffline) {
  let leaving = false;
  let attempt = 0;
  window.addEventListener('pagehide', () => { leaving = true; connection.stop(); });
  const retry = () => {
    const delay = Math.min(30_000, 500 * 2 ** attempt) + Math.random() * 1000;
    attempt++;
    setTimeout(async () => {
      if (leaving) return;
      try {
        await connection.start();
        attempt = 0;
        await onRestarted?.();
      } catch {
        onOffline?.();
        if (connection.state === 'Disconnected') retry();
      }
    }, delay);
  };
  connection.onclose(() => { if (!leaving) retry(); });
}
