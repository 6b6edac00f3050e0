// Loads the TypeScript worker when running from sources (jest, benches); the build bundles it instead.
require('@swc-node/register');
require('./ingest-worker.ts');
