/**
 * Ownership of a named scope (today one lease for the whole fleet, "fleet"; later one per symbol):
 * at most one holder at a time, an epoch that goes up on every takeover, and fencing tokens that
 * stores check so a write from a stale epoch is refused.
 */
export type LeaseState = 'standby' | 'owner' | 'lost' | 'released';

export interface LeaseStatus {
  /** What the lease covers, e.g. "fleet" (later a symbol). */
  name: string;
  /** This process's holder id (host:pid:random). */
  self: string;
  state: LeaseState;
  /** The lease's epoch as last seen: ours while owner, the current holder's while standby. */
  epoch: number | null;
  /** The current holder as last seen (ourselves while owner); null when nobody holds it. */
  holder: string | null;
}

/** What a fenced write carries: the store refuses it unless the lease row still says the same. */
export interface FenceToken {
  name: string;
  holder: string;
  epoch: number;
}

export type LeaseListener = (status: LeaseStatus) => void;

/** The port the orchestrator uses; the keeper drives a LeaseStore on a clock behind it. */
export interface OwnershipLease {
  status(): LeaseStatus;
  /** The token for writes while owner; null otherwise (standby, lost). */
  fence(): FenceToken | null;
  /** Makes one attempt (awaited), then keeps trying or renewing in the background. */
  start(): Promise<void>;
  /** Resolves once the lease is held (with the token to write under). */
  whenOwner(): Promise<FenceToken>;
  /** Gives the lease up so a standby takes it at once; idempotent. */
  release(): Promise<void>;
  onChange(listener: LeaseListener): () => void;
}

/** A lease row as the store holds it. */
export interface LeaseRow {
  holder: string | null;
  epoch: number;
}

/** Storage of leases with atomic compare-and-set; expiry is judged by the store's own clock. */
export interface LeaseStore {
  /** Takes the lease when free or expired (epoch + 1); otherwise reports who holds it. */
  tryAcquire(
    name: string,
    holder: string,
    ttlMs: number,
  ): Promise<LeaseRow & { acquired: boolean }>;
  /** Extends our lease; false when it is no longer ours (taken over, or expired). */
  renew(token: FenceToken, ttlMs: number): Promise<boolean>;
  /** Expires our lease now, if still ours. */
  release(token: FenceToken): Promise<void>;
}
