/**
 * The rules of Alpha Vantage's pace as this client learns it, over a snapshot of what is known: the
 * answers the server counted in its current window, the requests still in flight, the allowance it
 * was last seen to grant and any pause it asked for. Pure, so the in-memory pace of one process and
 * the pace shared by every process through the database (see `PaceLedger`) follow the same rules.
 */

export interface PaceState {
  /** Arrival times (ms) of the answers the server counted within the last window, oldest first. */
  answers: readonly number[];
  /** Requests granted and not answered yet. */
  inFlight: number;
  /** Requests per window the server was last seen to allow; undefined until it first refuses. */
  limit: number | undefined;
  /** No request before this time (ms): a Retry-After, or a refusal nothing of ours explains. */
  pausedUntil: number;
}

/** The answers still inside the window that ends at `now`. */
export function answersInWindow(answers: readonly number[], now: number, windowMs: number): number[] {
  const cutoff = now - windowMs;
  return answers.filter((at) => at > cutoff);
}

/**
 * Milliseconds until a request may be sent (0 = now), or undefined when requests in flight hold
 * every slot of the learned pace and only an answer can free one. Expects expired answers forgotten.
 */
export function grantWait(state: PaceState, now: number, windowMs: number): number | undefined {
  const slot = slotWait(state, now, windowMs);
  const pause = state.pausedUntil - now;
  if (slot === undefined) return pause > 0 ? pause : undefined;
  return Math.max(0, pause, slot);
}

/**
 * Until the server first refuses, there is always a slot. After, a request waits until fewer than
 * the allowance were answered (or are in flight) within the window: a slot frees exactly when an old
 * answer leaves it.
 */
function slotWait(state: PaceState, now: number, windowMs: number): number | undefined {
  const limit = state.limit;
  if (limit === undefined) return 0;
  const used = state.inFlight + state.answers.length;
  if (used < limit) return 0;
  const freeing = state.answers[used - limit];
  return freeing === undefined ? undefined : freeing + windowMs - now;
}

/** How long a request asked for now would wait, as far as the clock can tell (0 = at once). */
export function waitEstimate(state: PaceState, now: number, windowMs: number): number {
  return Math.max(0, state.pausedUntil - now, slotWait(state, now, windowMs) ?? 0);
}

/**
 * What a per-minute or burst refusal teaches: with `retryAfterMs`, a pause for every caller; else the
 * allowance is what the server answered in the last window; with nothing of ours in it, others spent
 * it, and only a whole window is sure to clear what we cannot see.
 */
export function afterRefusal(
  state: PaceState,
  now: number,
  windowMs: number,
  retryAfterMs: number | undefined,
): Pick<PaceState, 'limit' | 'pausedUntil'> {
  if (retryAfterMs !== undefined)
    return { limit: state.limit, pausedUntil: Math.max(state.pausedUntil, now + retryAfterMs) };
  if (state.answers.length > 0) return { limit: state.answers.length, pausedUntil: state.pausedUntil };
  return { limit: state.limit, pausedUntil: Math.max(state.pausedUntil, now + windowMs) };
}
