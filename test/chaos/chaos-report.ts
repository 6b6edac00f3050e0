import type { ChaosRun } from './chaos-drill';

/*
 * The verdict of a chaos run (issue 11's invariants) and its markdown table, the one
 * docs/reliability.md carries.
 */

/** The longest a position may stand on the venue without a stop. */
export const MAX_UNPROTECTED_S = 5;

export interface Invariant {
  readonly name: string;
  readonly ok: boolean;
  readonly measured: string;
}

export function invariants(run: ChaosRun): Invariant[] {
  const a = run.accounts;
  const dupes = Object.keys(a.duplicates).length;
  return [
    { name: 'duplicate orders per client id', ok: dupes === 0, measured: String(dupes) },
    {
      name: 'orders the service cannot account for',
      ok: a.unaccounted.length === 0,
      measured:
        a.unaccounted.length === 0 ? '0' : `${a.unaccounted.length}: ${a.unaccounted.join(', ')}`,
    },
    {
      name: `longest position without a venue-side stop (≤ ${MAX_UNPROTECTED_S} s)`,
      ok: run.protection.longestUnprotectedSeconds <= MAX_UNPROTECTED_S,
      measured: `${run.protection.longestUnprotectedSeconds} s`,
    },
    {
      name: 'every kill -9 recovered (engines reconciled, positions protected) within 120 s',
      ok: run.unrecovered.length === 0,
      measured: `${run.recoveryMs.length - run.unrecovered.length} of ${run.recoveryMs.length}`,
    },
    {
      name: 'realised PnL equal to the venue’s (per symbol and total)',
      ok: a.pnlEqual,
      measured: `service ${a.pnlServiceTotal} / venue ${a.pnlVenueTotal} USDT`,
    },
  ];
}

export function passed(run: ChaosRun): boolean {
  return invariants(run).every((i) => i.ok);
}

export function markdownReport(run: ChaosRun): string {
  const p = run.protection;
  const a = run.accounts;
  const rec = run.recoveryMs;
  const faults = Object.entries(run.faults)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const rows: [string, string][] = [
    ['seed / minutes / symbols', `${run.seed} / ${run.minutes} / ${run.symbols.length}`],
    ['faults injected', `${faults} (refused by their target: ${run.faultsRefused})`],
    ['kill -9 of the service', String(run.serviceKills)],
    [
      'recovery after kill -9 (to every engine reconciled, positions protected)',
      rec.length === 0
        ? '–'
        : `median ${median(rec)} ms, max ${Math.max(...rec)} ms (-1: not recovered)`,
    ],
    ['engine restarts by the supervisor (all processes)', String(run.engineRestarts)],
    ['engines resumed after a stop-deadline pause', String(run.pausedResumed)],
    [
      'positions opened (venue fills) / distinct positions sampled',
      `${a.positionsOpened} / ${p.positionsSeen}`,
    ],
    ['venue orders / fills', `${a.venueOrders} / ${a.venueFills}`],
    [
      'venue samples (1 s) / with a position / without a stop',
      `${p.samples} / ${p.positionSamples} / ${p.unprotectedSamples}`,
    ],
    [
      'position-seconds without a stop / longest',
      `${p.unprotectedSeconds} s / ${p.longestUnprotectedSeconds} s`,
    ],
    ['duplicate client order ids', String(Object.keys(a.duplicates).length)],
    ['unaccounted orders', String(a.unaccounted.length)],
    ['realised PnL: service / venue (USDT)', `${a.pnlServiceTotal} / ${a.pnlVenueTotal}`],
  ];
  const lines = [
    `### Chaos run, seed ${run.seed}, ${run.minutes} min (${run.startedAt} → ${run.endedAt})`,
    '',
    '| measure | value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| invariant | measured | holds |',
    '| --- | --- | --- |',
    ...invariants(run).map((i) => `| ${i.name} | ${i.measured} | ${i.ok ? 'yes' : '**no**'} |`),
    '',
    '| symbol | fills | venue PnL | service PnL | diff |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(a.pnl).map(
      ([s, c]) => `| ${s} | ${c.fills} | ${c.venue} | ${c.service} | ${c.diff} |`,
    ),
  ];
  if (p.stretches.length > 0) {
    lines.push('', 'Stretches without a stop (1 s samples):', '');
    for (const s of p.stretches.slice(0, 20)) {
      lines.push(
        `- ${s.symbol} from ${s.fromIso}: ${s.seconds} s${s.open ? ' (open at the end)' : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
