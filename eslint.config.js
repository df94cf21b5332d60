// Lint is kept small on purpose: its main job is to enforce the import directions of docs/ARCHITECTURE.md
// (web → domain ← server; domain imports nothing of ours and no I/O; web never imports server code).
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

const noServer = { group: ['**/apps/server/**', '@cjrh/server', '@cjrh/server/**'], message: 'The web app talks to the server over HTTP only.' };
const noWeb = { group: ['**/apps/web/**', '@cjrh/web', '@cjrh/web/**'], message: 'The server must not import web code.' };

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/drizzle/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts', '**/*.vue'] })),
  ...vue.configs['flat/essential'].map((c) => ({ ...c, files: ['apps/web/**/*.vue'] })),
  { files: ['apps/web/**/*.vue'], languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } } },
  {
    files: ['**/*.ts', '**/*.vue'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-unused-expressions': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['packages/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'pg', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*', 'fastify', 'vue', 'element-plus'], message: 'packages/domain is pure: no I/O, no framework.' },
            noServer,
            noWeb,
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'packages/domain must not read the process environment.' }, { name: 'window', message: 'No DOM in packages/domain.' }, { name: 'document', message: 'No DOM in packages/domain.' }],
    },
  },
  { files: ['apps/web/**/*.{ts,vue}'], rules: { 'no-restricted-imports': ['error', { patterns: [noServer, { group: ['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', 'fastify'], message: 'Server-only packages.' }] }] } },
  { files: ['apps/server/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noWeb, { group: ['vue', 'element-plus'], message: 'Browser-only packages.' }] }] } },
  { files: ['e2e/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noWeb] }] } },
];
