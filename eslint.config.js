import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/**', 'data/**', 'node_modules/**', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../db/*', '../../search/*', '../db/*', '../search/*'], message: 'Import db/ and search/ through #db/* and #search/*.' }] },
      ],
    },
  },
  {
    // db/ imports neither app/ nor search/; search/ does not import app/ (design.md). The one exception is
    // the vocabulary (the enums the schema and the interface share): it lives in app/ so that the browser
    // may load it, while everything under db/ is `.server` and never reaches a client bundle.
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['#app/*', '!#app/vocabulary.ts', '#search/*'], message: 'db/ must not import app/ (beyond the vocabulary) or search/.' }] },
      ],
    },
  },
  {
    files: ['search/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['#app/*', '!#app/vocabulary.ts'], message: 'search/ must not import app/ (beyond the vocabulary).' }] }],
    },
  },
);
