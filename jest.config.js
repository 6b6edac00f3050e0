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
];
const moduleNameMapper = Object.fromEntries(
  libs.map((lib) => [`^@flotilla/${lib}$`, `<rootDir>/libs/${lib}/src`]),
);
const common = {
  rootDir: __dirname,
  // ccxt's @noble/@scure dependencies and cockatiel ship ESM only; let swc turn them into CommonJS.
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/(@noble|@scure|cockatiel)/.+\\.m?js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|cockatiel)/)'],
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
