/** Unit specs live beside the code; e2e and integration specs live in test/. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const libs = [
  'core',
  'config',
  'logging',
  'engine',
  'trading',
  'market-data',
  'registry',
  'venue-sim',
  'venue',
  'execution',
];
// Libs with test fakes, reachable only as @flotilla/<lib>/testing (never from the production barrel).
const withTesting = ['engine', 'trading', 'market-data', 'registry', 'execution'];
const moduleNameMapper = Object.fromEntries([
  ...withTesting.map((lib) => [`^@flotilla/${lib}/testing$`, `<rootDir>/libs/${lib}/src/testing`]),
  ...libs.map((lib) => [`^@flotilla/${lib}$`, `<rootDir>/libs/${lib}/src`]),
]);
const common = {
  rootDir: __dirname,
  // ccxt's @noble/@scure and openapi-backend's @apidevtools dependencies ship ESM only; swc turns them into CommonJS.
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/(@noble|@scure|@apidevtools)/.+\\.m?js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|@apidevtools)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.js'],
};
module.exports = {
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
