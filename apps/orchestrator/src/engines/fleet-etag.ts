import { createHash } from 'node:crypto';
import type { FleetStatus } from '../supervisor';

/**
 * Weak entity tag of a fleet status from its totals and each engine's operatorTag (in order):
 * changes only when something an operator acts on changes (see OPERATOR_FIELDS).
 */
export function fleetEtagOf(fleet: FleetStatus, tags: readonly string[]): string {
  const hash = createHash('sha1').update(
    JSON.stringify([fleet.total, fleet.running, fleet.crashed, fleet.stopped, fleet.failed]),
  );
  for (const tag of tags) hash.update(tag);
  return `W/"${hash.digest('base64url')}"`;
}
