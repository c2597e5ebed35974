// What the Submit and My submissions pages share: the owner's live submission updates from the leaderboard hub, and
// how a validation error is written out (the same words as the CLI: where first, then what).
import { restartWhenClosed } from './site.js';

/** Statuses only move forward; a slow poll answer must not undo a newer push. */
const order = { queued: 0, scoring: 1, scored: 2, failed: 2 };

export function isFinal(status) {
  return status === 'scored' || status === 'failed';
}

export function isNewer(next, shown) {
  return shown === undefined || (order[next] ?? 0) >= (order[shown] ?? 0);
}

/** "Line 3, column 'target', id '2': not a number" */
export function describeError(error) {
  const where = [];
  if (error.line !== null && error.line !== undefined) where.push(`line ${error.line}`);
  if (error.column) where.push(`column '${error.column}'`);
  if (error.id) where.push(`id '${error.id}'`);
  if (where.length === 0) return error.message;
  const place = where.join(', ');
  return `${place[0].toUpperCase()}${place.slice(1)}: ${error.message}`;
}

export function fillErrors(list, errors) {
  list.replaceChildren(...errors.map(error => {
    const item = document.createElement('li');
    item.textContent = describeError(error);
    return item;
  }));
}

/**
 * Connects to the hub, signed in by the browser cookie, and calls onUpdate({id, competition, status, publicScore})
 * for each of the user's submissions that changes. An update can be sent before the connection is ready, so callers
 * fetch the submission once `ready` resolves (true when connected) and again from onReconnected.
 */
export function watchOwnSubmissions(onUpdate, onReconnected) {
  const signalR = window.signalR;
  if (!signalR) return { ready: Promise.resolve(false) };
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/leaderboard')
    .withAutomaticReconnect()
    // Connection trouble is shown on the page (polling takes over); errors in the console would only alarm.
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.on('SubmissionUpdated', onUpdate);
  connection.onreconnected(() => onReconnected?.());
  // Also stops the connection when the page is left, so that is not reported as a lost connection.
  restartWhenClosed(connection, () => onReconnected?.());
  const ready = connection.start().then(() => true, () => false);
  return { ready, connection };
}
