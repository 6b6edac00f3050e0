// The operator scripts, bundled like the apps (libs inlined through the @flotilla/* aliases,
// node_modules left external), so the image runs them with node and production dependencies only.
// No type check here: `npm run typecheck` covers scripts/, and the apps' builds check the libs;
// skipping it keeps `npm run migration:run` in a checkout (which rebuilds first) quick.
const { join } = require('node:path');

module.exports = (defaults) => ({
  ...defaults,
  entry: {
    'migration-run': join(__dirname, 'migration-run.ts'),
    'registry-import': join(__dirname, 'registry-import.ts'),
    // MARKET_INGESTION=workers: the orchestrator starts this bundle in worker_threads.
    'market-ingest-worker': join(
      __dirname,
      '..',
      'libs',
      'market-data',
      'src',
      'worker',
      'ingest-worker.ts',
    ),
  },
  output: { ...defaults.output, filename: 'scripts/[name].js' },
  plugins: defaults.plugins.filter((p) => p.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
