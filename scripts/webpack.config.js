// The operator scripts, bundled like the apps (libs inlined through the @flotilla/* aliases,
// node_modules left external), so the image runs them with node and production dependencies only.
const { join } = require('node:path');

module.exports = (defaults) => ({
  ...defaults,
  entry: {
    'migration-run': join(__dirname, 'migration-run.ts'),
    'registry-import': join(__dirname, 'registry-import.ts'),
  },
  output: { ...defaults.output, filename: 'scripts/[name].js' },
});
