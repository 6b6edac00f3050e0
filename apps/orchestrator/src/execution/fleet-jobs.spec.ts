import { Test } from '@nestjs/testing';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '@flotilla/config';
import { ManualClock, dec, silentLogger } from '@flotilla/core';
import type { MaintenanceJob } from '@flotilla/engine';
import { MemoryRiskStateStore, RiskManager } from '@flotilla/execution';
import { MemoryAudit } from '@flotilla/execution/testing';
import { AUDIT_SINK, CLOCK, CONFIG, ENGINE_MANAGER, LOGGING, RISK } from '../runtime/tokens';
import { FleetJobs, GUARD_JOB, MIDNIGHT_JOB, ZOMBIE_JOB } from './fleet-jobs';

const LIMITS = {
  maxOpenPositions: 5,
  maxTotalExposure: dec('10000'),
  minOrderNotional: dec('5'),
  maxPositionNotional: dec('1000'),
  dailyLossLimit: dec('500'),
};

async function setup(startMs = Date.UTC(2026, 2, 1, 23, 59, 59, 999)) {
  const clock = new ManualClock(startMs);
  const config = loadConfig({
    file: false,
    env: {},
    overrides: { care: { guardIntervalMs: 300_000, zombieTickMs: 60_000 } },
  });
  const maintained: MaintenanceJob[] = [];
  const manager = {
    maintain: (job: MaintenanceJob) => {
      maintained.push(job);
      return 2;
    },
  };
  const risk = new RiskManager({
    limits: LIMITS,
    clock,
    logger: silentLogger,
    store: new MemoryRiskStateStore(),
  });
  const audit = new MemoryAudit();
  const sweeps: number[] = [];
  const logging = {
    sweepRetention: (nowMs: number) => {
      sweeps.push(nowMs);
      return true;
    },
  };
  const moduleRef = await Test.createTestingModule({
    imports: [ScheduleModule.forRoot()],
    providers: [
      FleetJobs,
      { provide: CONFIG, useValue: config },
      { provide: ENGINE_MANAGER, useValue: manager },
      { provide: RISK, useValue: risk },
      { provide: AUDIT_SINK, useValue: audit },
      { provide: LOGGING, useValue: logging },
      { provide: CLOCK, useValue: clock },
    ],
  }).compile();
  const app = await moduleRef.init();
  const jobs = app.get(FleetJobs);
  const scheduler = app.get(SchedulerRegistry);
  return { app, jobs, scheduler, clock, risk, audit, maintained, sweeps };
}

describe('FleetJobs (@nestjs/schedule)', () => {
  it('nothing runs until the lifecycle starts it; stop and shutdown clear it all', async () => {
    const { app, jobs, scheduler, clock, audit, sweeps } = await setup();
    const cron = scheduler.getCronJob(MIDNIGHT_JOB);
    const next = cron.nextDate().toUTC();
    expect([next.hour, next.minute, next.second, next.millisecond]).toEqual([0, 0, 0, 0]);
    expect(scheduler.getIntervals()).toEqual([]);
    clock.advance(1); // a new UTC day, but the fleet is not ours yet: the cron's body does nothing
    jobs.onUtcMidnight();
    expect(sweeps).toEqual([]);

    jobs.start();
    expect(jobs.isStarted).toBe(true);
    expect(scheduler.getIntervals().sort()).toEqual([GUARD_JOB, ZOMBIE_JOB].sort());
    jobs.onUtcMidnight();
    expect(sweeps).toEqual([clock.now()]);
    expect(audit.of('risk.day-rolled')).toHaveLength(1);

    jobs.stop();
    expect(scheduler.getIntervals()).toEqual([]);
    jobs.onUtcMidnight();
    expect(sweeps).toHaveLength(1);
    jobs.start();
    await app.close();
    expect(scheduler.getIntervals()).toEqual([]);
    expect(cron.isActive).toBe(false);
  });

  it('the intervals tick at the configured periods (guard 5 min, zombies 1 min)', async () => {
    const { app, jobs, maintained } = await setup();
    jest.useFakeTimers();
    try {
      jobs.start();
      jest.advanceTimersByTime(60_000);
      expect(maintained).toEqual(['zombies']);
      jest.advanceTimersByTime(240_000);
      expect(maintained.filter((j) => j === 'zombies')).toHaveLength(5);
      expect(maintained.filter((j) => j === 'guard')).toHaveLength(1);
      jobs.stop();
      jest.advanceTimersByTime(600_000);
      expect(maintained).toHaveLength(6);
    } finally {
      jest.useRealTimers();
    }
    await app.close();
  });

  it('job bodies are plain methods: the guard and zombie ticks reach every live engine', async () => {
    const { app, jobs, maintained } = await setup();
    expect(jobs.guardSweep()).toBe(2);
    expect(jobs.zombieTick()).toBe(2);
    expect(maintained).toEqual(['guard', 'zombies']);
    await app.close();
  });

  it('UTC midnight on the injected clock: the daily loss block ends (audited once) and logs are swept', async () => {
    const { app, jobs, clock, risk, audit, sweeps } = await setup();
    risk.recordRealized('AUSDT', dec('-501'), clock.now());
    expect(risk.entriesBlocked()).toBe('daily-loss');

    clock.advance(1); // 2026-03-02T00:00:00.000Z
    expect(jobs.utcMidnight()).toEqual({ endedDay: '2026-03-01', logsPruned: true });
    expect(risk.entriesBlocked()).toBeNull();
    const rolled = audit.of('risk.day-rolled');
    expect(rolled).toHaveLength(1);
    expect(rolled[0]).toMatchObject({ symbol: null, actor: 'scheduler', atMs: clock.now() });
    expect(rolled[0].details).toEqual({
      endedDay: '2026-03-01',
      endedRealizedPnl: '-501',
      day: '2026-03-02',
    });
    expect(sweeps).toEqual([clock.now()]);

    expect(jobs.utcMidnight().endedDay).toBeNull(); // a second run the same day changes nothing
    expect(audit.of('risk.day-rolled')).toHaveLength(1);
    await app.close();
  });
});
