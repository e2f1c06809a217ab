/**
 * Who may download a symbol now, when several processes (or several jobs of one) download into one
 * database: the first to claim it fetches it, the others wait and then find its bars stored.
 */
export interface DownloadClaims {
  /** A claimant for one download run: its claims are its own, even against another run of this process. */
  claimant(): DownloadClaimant;
}

export interface DownloadClaimant {
  /** Claims `symbol` (renewed while held); false while another claimant holds it. */
  tryClaim(symbol: string): Promise<boolean>;
  release(symbol: string): Promise<void>;
  /** Releases whatever is still held and stops renewing. */
  close(): Promise<void>;
}

/** How often a download looks again at a symbol another one holds. */
export const CLAIM_POLL_MS = 250;

/**
 * Resolves true once `symbol` is claimed by `claimant`, false when `signal` aborts first. The other
 * holder releases it when its fetch ends, or its claim expires if its process died.
 */
export async function claimWhenFree(
  claimant: DownloadClaimant,
  symbol: string,
  signal: AbortSignal | undefined,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<boolean> {
  for (;;) {
    if (signal?.aborted) return false;
    if (await claimant.tryClaim(symbol)) return true;
    await sleep(CLAIM_POLL_MS);
  }
}
