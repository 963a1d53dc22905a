import nx from '@nx/eslint-plugin';

// Project boundaries: apps are thin process entries over libs; libs layer as
// util < contracts < infra < domain < feature (stage services). No app may be
// imported by anything, and no lib may reach into an app.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/generated', '.nx', '.infra', 'data', 'coverage'] },
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:tooling', 'type:feature', 'type:domain', 'type:infra', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:infra', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            // Demo and test tooling (sample source systems): may use the platform's lower layers, never stages.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling', 'type:infra', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:tooling', 'type:feature', 'type:domain', 'type:infra', 'type:contracts', 'type:util'] },
          ],
        },
      ],
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
    // CLIs and scripts talk to a terminal.
    files: ['tools/**', 'bench/**', 'infra/**', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
];
