// Lint for cssd-trace (issue 14): typescript-eslint with type-aware rules for the service, its
// tests and the pages; formatting is prettier's (eslint-config-prettier turns off the rules
// that would fight it). Run by `npm run lint` and by .ci/run.
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/results/**',
      'bench/.data/**',
      'data/**',
      'web/src/api/schema.d.ts',
      'test-artifacts/**',
      '**/*.mjs',
      '**/*.js',
      'web/vite.config.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'migrations/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    languageOptions: { parserOptions: { project: './web/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // A promise nobody awaits loses its error: in a service that records a pack's history, never silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // Off: besides assertions that change nothing (removed once, 18 of them), it asks that
      // `query(...) as Promise<T[]>` become type arguments, with no option to skip that; review's matter.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // IsOptional (and PartialType, which applies it) lets a null through to a NOT NULL column:
    // request bodies use src/common/validation.ts's Optional / OptionalOrNull / UpdateOf.
    files: ['src/**/*.ts'],
    ignores: ['src/common/validation.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message: 'Optional() or OptionalOrNull() from src/common/validation.ts',
            },
            { name: '@nestjs/swagger', importNames: ['PartialType'], message: 'UpdateOf() from src/common/validation.ts' },
            { name: '@nestjs/mapped-types', importNames: ['PartialType'], message: 'UpdateOf() from src/common/validation.ts' },
          ],
        },
      ],
    },
  },
  prettier,
);
