import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

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
// Which libs each lib may import (SPEC 1): apps -> adapters -> engine -> trading -> core.
const allowed = {
  core: [],
  config: ['core'],
  logging: ['core'],
  trading: ['core'],
  engine: ['core', 'trading'],
  'market-data': ['core', 'engine', 'trading'],
  registry: ['core', 'engine', 'trading'],
  'venue-sim': ['core'],
  venue: ['core', 'engine', 'trading'],
  execution: ['core', 'engine', 'trading'],
};
const deepImports = {
  group: ['@flotilla/*/*', '../../libs/*', '../../../libs/*', '**/libs/*/src/**'],
  message: 'Import libs through their alias and index.ts (@flotilla/<lib>); fakes only from tests.',
};
// Specs, test/ and the testing folders may also import a lib's fakes, @flotilla/<lib>/testing.
const testFiles = ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', '**/testing/**/*.ts'];
const deepImportsInTests = {
  group: [...deepImports.group, '!@flotilla/*/testing', '@flotilla/*/testing/*'],
  message: 'Import libs through @flotilla/<lib>, or their fakes through @flotilla/<lib>/testing.',
};
// TypeScript everywhere (type-aware); plain JS only in the dashboard's browser modules.
const tsFiles = ['**/*.ts'];
const browserFiles = ['apps/orchestrator/web/**/*.js'];
const appImports = { group: ['**/apps/**'], message: 'A lib never imports an app.' };
// From libs/<lib>/src/**, a relative path into another lib's src (../../core/src/x).
const relativeCrossLib = {
  group: ['../../*/src', '../../*/src/**', '../../../*/src/**', '../../../../*/src/**'],
  message: 'Import another lib through its alias (@flotilla/<lib>), never by a relative path.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      ...browserFiles.map((f) => `!${f}`),
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: tsFiles })),
  {
    files: tsFiles,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-imports': ['error', { patterns: [deepImports] }],
    },
  },
  {
    files: testFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: [deepImportsInTests] }] },
  },
  ...libs.flatMap((lib) =>
    [false, true].map((inTests) => ({
      files: inTests ? testFiles.map((f) => `libs/${lib}/${f}`) : [`libs/${lib}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              inTests ? deepImportsInTests : deepImports,
              appImports,
              relativeCrossLib,
              {
                group: libs
                  .filter((l) => l !== lib && !allowed[lib].includes(l))
                  .map((l) => `@flotilla/${l}`),
                message: `libs/${lib} may import only: ${allowed[lib].join(', ') || 'no other lib'} (SPEC 1).`,
              },
            ],
          },
        ],
      },
    })),
  ),
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/valid-expect': 'error',
      'jest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'expect*', 'request.**.expect'] },
      ],
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The dashboard (served as is, no build step): browser ES modules, @eslint/js recommended.
    files: browserFiles,
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: globals.browser },
  },
  prettier,
);
