import nx from '@nx/eslint-plugin';

// Project boundaries: apps are thin process entries over libs; libs layer as
// util < contracts < infra < domain < feature (stage services). No app may be
// imported by anything, and no lib may reach into an app.
// Engine code never imports the sample company (libs tagged type:tooling: its generator and source
// systems): no engine layer lists type:tooling; only tests and test fixtures may use it as data.
const boundaries = (testCode) => ({
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:tooling', 'type:feature', 'type:domain', 'type:infra', 'type:contracts', 'type:util'] },
    ...['type:feature', 'type:domain', 'type:infra', 'type:contracts', 'type:util'].map((sourceTag, i, layers) => ({
      sourceTag,
      onlyDependOnLibsWithTags: [...layers.slice(i), ...(testCode ? ['type:tooling'] : [])],
    })),
    // Demo and test tooling (the sample company, its source systems): may use the platform's lower layers, never stages.
    { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling', 'type:infra', 'type:contracts', 'type:util'] },
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:tooling', 'type:feature', 'type:domain', 'type:infra', 'type:contracts', 'type:util'] },
  ],
});

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/generated', '.nx', '.infra', 'data', 'coverage'] },
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tests index into fixtures they built themselves.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests and their fixtures may use the sample company as data.
    files: ['**/*.test.ts', '**/test-*.ts', '**/testing.ts', '**/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
  {
    // CLIs and scripts talk to a terminal.
    files: ['tools/**', 'bench/**', 'infra/**', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
];
