// @ts-check
import eslint from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'tmp/**',
      'eslint.config.mjs',
      'jest.config.js',
      'bench/**/*.js',
      'scripts/**/*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Services reach the database through `Database` only, so that every query runs in the
    // ambient transaction when there is one (see README, "Transactions").
    files: ['src/**/*.ts'],
    ignores: ['src/database/**', 'src/app.module.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/typeorm',
              message: 'Use Database (src/database/database.ts): its queries join the transaction.',
            },
            {
              name: 'typeorm',
              importNames: ['DataSource', 'EntityManager'],
              message: 'Use Database (src/database/database.ts): its queries join the transaction.',
            },
          ],
        },
      ],
    },
  },
  {
    // Module seams: a feature folder under src/ is used by others only through its Nest
    // module, its services and its `*.contract.ts` files (plain read models, interfaces and
    // pure functions meant for others) — never its entities, DTOs or other internals. Unit
    // tests may reach across, to hold several modules' pure functions to one property.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'boundaries/elements': [
        { type: 'shared', pattern: ['src/common', 'src/config', 'src/database'] },
        { type: 'module', pattern: 'src/*', capture: ['name'] },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          message:
            'Another module is reached only through its *.module.ts, *.service.ts and ' +
            '*.contract.ts files (never its entities, DTOs or internals), and src/common, ' +
            'src/config and src/database import no module.',
          policies: [
            {
              from: { element: { type: 'module' } },
              disallow: {
                to: {
                  element: {
                    type: 'module',
                    captured: { name: '!{{ from.element.captured.name }}' },
                  },
                },
              },
            },
            {
              from: { element: { type: 'module' } },
              allow: {
                to: {
                  element: {
                    type: 'module',
                    fileInternalPath: ['*.module.ts', '*.service.ts', '*.contract.ts'],
                  },
                },
              },
            },
            {
              // The shared layer serves every module and knows none.
              from: { element: { type: 'shared' } },
              disallow: { to: { element: { type: 'module' } } },
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-console': 'off',
    },
  },
);
