import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import { CliError, parseCliOptions } from './cli-options';

/** Standalone simulated exchange: a thin process around libs/venue-sim. */
async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`venue-sim: ${error.message}\n`);
    process.exit(2);
  }
  const sim = await startVenueSim(options);
  const count = sim.symbols().length;
  process.stdout.write(
    `venue-sim listening on ${sim.restUrl} (${count} symbols, seed ${options.seed}, rate ${options.rateHz}/s, ` +
      `accounts ${sim.exchange.accountKeys().join(',')}${options.statePath ? `, state ${options.statePath}` : ''}` +
      `${options.mirror ? `, mirroring ${options.mirror.wsUrl}` : ''})\n`,
  );
  installShutdown(sim);
  process.send?.({
    type: 'listening',
    port: sim.port,
    restUrl: sim.restUrl,
    wsPublicUrl: sim.wsPublicUrl,
    wsPrivateUrl: sim.wsPrivateUrl,
  });
}

function installShutdown(sim: VenueSim): void {
  let closing = false;
  const shutdown = (reason: string): void => {
    if (closing) return;
    closing = true;
    process.stdout.write(`venue-sim: ${reason}, closing\n`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`venue-sim: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // A forked sim must not outlive its parent.
  if (process.send) process.on('disconnect', () => shutdown('parent disconnected'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `venue-sim: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
