import { ManualClock, type StructuredLogger } from '@flotilla/core';
import { CockpitBus, type Alert, type CockpitEvent } from '../../cockpit-bus';
import { AlertService } from '../alert.service';

/** An AlertService on a manual clock, recording what it logs, publishes and delivers. */
export function alertHarness(opts: { secrets?: string[] } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const bus = new CockpitBus();
  const published: CockpitEvent[] = [];
  bus.subscribe((e) => published.push(e));
  const sent: Alert[] = [];
  const logs: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const log =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      logs.push({ level, msg, fields });
  const logger: StructuredLogger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  const alerts = new AlertService({
    clock,
    logger,
    bus,
    delivery: { send: (a) => sent.push(a), close: () => undefined },
    secrets: opts.secrets,
  });
  return { clock, bus, published, sent, logs, alerts };
}
