// The caller's session in a competition's human study, through the session API. Answers go one after another, in
// order, and wait in sessionStorage until the server has them: a reload sends them again before anything else (the
// same answer twice is one answer), so nothing given is lost or counted twice. It also keeps the ids this tab answered,
// so a reload can still undo, and the server's clock offset for the countdown.
import { antiforgeryToken, ApiError } from './site.js';

export class StudySession {
  constructor(slug) {
    this.base = `/api/competitions/${encodeURIComponent(slug)}/human-study`;
    this.outboxKey = `arena-human-study-outbox:${slug}`;
    this.undoKey = `arena-human-study-answered:${slug}`;
    this.outbox = read(this.outboxKey);
    this.answered = read(this.undoKey);
    this.chain = Promise.resolve();
    this.clockOffset = 0; // the server's time minus this page's, from the Date header
  }

  join(expertise, sawTrainingData) {
    return this.request('POST', '/session', { expertise, sawTrainingData });
  }

  status() {
    return this.request('GET', '/session');
  }

  /** The item in hand and, behind a test item, the next one (`upcoming`), already served. */
  next() {
    return this.request('GET', '/session/next?ahead=true');
  }

  /** Answers a reload interrupted, sent again in order before the page asks for its item. */
  async flush() {
    for (const body of [...this.outbox]) await this.send(body).catch(() => {});
  }

  /** Queues {itemId, label | skip, elapsedMs, position}; resolves to the recorded answer (with `next` for a test item). */
  answer(body) {
    this.outbox.push(body);
    write(this.outboxKey, this.outbox);
    const sent = this.chain.then(() => this.send(body));
    this.chain = sent.catch(() => {});
    return sent;
  }

  /** Resolves once every queued answer has been sent (whether or not the server took it). */
  settled() {
    return this.chain;
  }

  async send(body) {
    try {
      const recorded = await this.request('POST', '/session/answers?ahead=true', body);
      this.remember(body.itemId);
      return recorded;
    } catch (error) {
      // A refusal will not change by sending again; a lost connection might, so that answer stays for the reload.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) this.drop(body);
      throw error;
    } finally {
      if (this.answered.includes(body.itemId)) this.drop(body);
    }
  }

  get canUndo() {
    return this.answered.length > 0;
  }

  /** Takes back this tab's most recent answer. When another tab answered since, the list is stale and is cleared. */
  async undo() {
    const itemId = this.answered.at(-1);
    try {
      await this.request('DELETE', `/session/answers/${encodeURIComponent(itemId)}`);
      this.answered.pop();
    } catch (error) {
      this.answered.length = 0;
      throw error;
    } finally {
      write(this.undoKey, this.answered);
    }
  }

  /** The server's time now, as well as this page can tell (the Date header has whole seconds). */
  serverNow() {
    return Date.now() + this.clockOffset;
  }

  remember(itemId) {
    this.answered = this.answered.filter(id => id !== itemId);
    this.answered.push(itemId);
    if (this.answered.length > 50) this.answered.shift();
    write(this.undoKey, this.answered);
  }

  drop(body) {
    this.outbox = this.outbox.filter(b => b !== body && b.itemId !== body.itemId);
    write(this.outboxKey, this.outbox);
  }

  async request(method, path, body) {
    const headers = { 'Accept': 'application/json', 'RequestVerificationToken': antiforgeryToken() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, { detail: 'The connection to the server was lost; your answers are kept and sent again when you reload.' });
    }
    const date = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isNaN(date)) this.clockOffset = date - Date.now();
    const text = await response.text();
    const json = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }
}

function read(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? '[]');
  } catch {
    return [];
  }
}

function write(key, value) {
  sessionStorage.setItem(key, JSON.stringify(value));
}
