/**
 * Market-data throughput: `npm run bench -- market [--symbols 1000 --seconds 60 --rate 10]`.
 * Run with NODE_OPTIONS=--expose-gc to get live-heap samples (a full GC before each sample).
 * Forks the venue sim with N synthetic symbols, then measures in this process, one after the
 * other against the same sim: (a) the MarketDataHub subscribed to every symbol's book, trades
 * and tickers; (b) a bare ws + JSON.parse client over the same topics (the floor).
 */
import type { MarketDataListener } from '@flotilla/engine';
import { MarketDataHub, WorkerMarketDataHub } from '@flotilla/market-data';
import { forkVenueSim } from '../support/venue-sim-process';
import { BareWsClient } from './support/bare-ws-client';
import { ProcessSampler, type ResourceReport } from './support/process-sampler';

interface PhaseResult extends ResourceReport {
  messages: number;
  messagesPerS: number;
  cpuUsPerMessage: number;
  /** Messages per CPU-second of this process: the drain capacity when the sim is the limit. */
  messagesPerCpuSecond: number;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function measure(seconds: number, simPid: number, count: () => number): Promise<PhaseResult> {
  const startCount = count();
  const sampler = new ProcessSampler(Math.max(1000, (seconds * 1000) / 10), simPid);
  const start = performance.now();
  await delay(seconds * 1000);
  const wallS = (performance.now() - start) / 1000;
  const messages = count() - startCount;
  const report = sampler.stop();
  const cpuS = (report.cpuPercent / 100) * wallS;
  return {
    messagesPerCpuSecond: Math.round(messages / Math.max(1e-6, cpuS)),
    messages,
    messagesPerS: Math.round(messages / wallS),
    cpuUsPerMessage:
      Math.round(((report.cpuPercent / 100) * wallS * 1e6 * 100) / Math.max(1, messages)) / 100,
    ...report,
  };
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!cond() && performance.now() < deadline) await delay(50);
  return cond();
}

export async function main(args: Record<string, string>): Promise<Record<string, unknown>> {
  const symbolCount = Number(args.symbols ?? 1000);
  const seconds = Number(args.seconds ?? 60);
  const rateHz = Number(args.rate ?? 10);
  const warmupS = Number(args.warmup ?? 3);
  // The sim spreads each interval over 10 phases by default; --phases 1 sends one burst per interval.
  const phases = Number(args.phases ?? 10);
  // The hub's work per event-loop turn (ms); 0 parses every frame as it arrives.
  const budgetMs = args['ingest-budget'] === undefined ? undefined : Number(args['ingest-budget']);
  // --ingestion workers: the hub's sockets, parsing and books in worker_threads.
  const ingestion = args.ingestion ?? 'main';
  const sim = await forkVenueSim([
    '--port',
    '0',
    '--synthetic',
    String(symbolCount),
    '--rate',
    String(rateHz),
    '--phases',
    String(phases),
    '--seed',
    '42',
  ]);
  try {
    const hubOpts = { restUrl: sim.restUrl, wsPublicUrl: sim.wsPublicUrl, ingest: { budgetMs } };
    const hub: MarketDataHub =
      ingestion === 'workers' ? new WorkerMarketDataHub(hubOpts) : new MarketDataHub(hubOpts);
    const instruments = await hub.loadInstruments();
    const symbols = instruments
      .map((i) => i.symbol)
      .filter((s) => s.startsWith('SYN'))
      .slice(0, symbolCount);
    let events = 0;
    const listener: MarketDataListener = {
      onBook: (e) => void (events += e.book.updateId > 0 ? 1 : 0),
      onTrade: (e) => void (events += e.trades.length > 0 ? 1 : 0),
      onTicker: () => void events++,
    };
    const subs = symbols.map((s) => hub.subscribe(s, listener));
    const synced = await waitUntil(
      () => symbols.every((s) => hub.book(s)?.synced === true),
      30_000,
    );
    await delay(warmupS * 1000);
    const hubPhase = await measure(seconds, sim.pid, () => hub.stats().messages);
    const hubStats = hub.stats();
    const report = hub.ingestion();
    for (const s of subs) s.unsubscribe();
    await hub.close();

    const topics = symbols.flatMap((s) => [
      `orderbook.50.${s}`,
      `publicTrade.${s}`,
      `tickers.${s}`,
    ]);
    const bare = new BareWsClient(sim.wsPublicUrl);
    await bare.start(topics);
    await delay(warmupS * 1000);
    const barePhase = await measure(seconds, sim.pid, () => bare.messages);
    await bare.close();

    return {
      params: {
        symbols: symbols.length,
        topics: topics.length,
        seconds,
        rateHz,
        phases,
        warmupS,
        ingestBudgetMs: budgetMs ?? 'default',
        ingestion,
      },
      allBooksSynced: synced,
      hub: {
        ...hubPhase,
        connections: hubStats.connections,
        stats: hubStats,
        events,
        ingestion: { ...report, worstBursts: report.worstBursts.slice(0, 3) },
      },
      bare: barePhase,
      ratioHubToBare:
        Math.round((hubPhase.messagesPerS / Math.max(1, barePhase.messagesPerS)) * 100) / 100,
      cpuRatioHubToBare:
        Math.round((hubPhase.cpuUsPerMessage / Math.max(0.01, barePhase.cpuUsPerMessage)) * 100) /
        100,
    };
  } finally {
    await sim.stop();
  }
}
