// Lint is kept small on purpose: its main job is to enforce the import directions of docs/ARCHITECTURE.md
// (web → domain ← server; domain imports nothing of ours and no I/O; web never imports server code).
// The directions are checked on resolved file paths (import-x/no-restricted-paths), so a relative
// `../../server/...` is caught as surely as a package name; scripts/lint-map-check.mjs proves each rule refuses.
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const tsProjects = [
  'packages/domain/tsconfig.json',
  'apps/server/tsconfig.json',
  'apps/web/tsconfig.json',
  'e2e/tsconfig.json',
  'bench/tsconfig.json',
];
const zones = [
  {
    target: './packages/domain',
    from: ['./apps', './e2e', './bench', './scripts'],
    message: 'packages/domain imports nothing of ours.',
  },
  { target: './apps/web', from: './apps/server', message: 'The web app talks to the server over HTTP only.' },
  { target: './apps/server', from: './apps/web', message: 'The server must not import web code.' },
];
// Production server code never reaches into the demo generator (it calls services and repositories, never the
// reverse); only the entry points that decide to seed do: main.ts (a dynamic import, with DEMO_DATA only) and the
// admin command.
const demoZone = {
  target: [
    './apps/server/src/db',
    './apps/server/src/modules',
    './apps/server/src/http',
    './apps/server/src/lib',
    './apps/server/src/jobs',
    './apps/server/src/cluster',
    './apps/server/src/app.ts',
  ],
  from: './apps/server/src/demo-data',
  message: 'Only main.ts (with DEMO_DATA) and the admin command load the demo generator.',
};

const noServer = {
  group: ['**/apps/server/**', '@cjrh/server', '@cjrh/server/**'],
  message: 'The web app talks to the server over HTTP only.',
};
const noWeb = {
  group: ['**/apps/web/**', '@cjrh/web', '@cjrh/web/**'],
  message: 'The server must not import web code.',
};

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/drizzle/**', '**/*.d.ts'] },
  {
    files: ['**/*.ts', '**/*.vue'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: tsProjects, alwaysTryTypes: true, noWarnOnMultipleProjects: true }),
      ],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  {
    files: ['apps/server/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...zones, demoZone] }] },
  },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts', '**/*.vue'] })),
  ...vue.configs['flat/essential'].map((c) => ({ ...c, files: ['apps/web/**/*.vue'] })),
  {
    files: ['apps/web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    files: ['**/*.ts', '**/*.vue'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
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
            // Only zod and its own files: no I/O, no framework, no other package.
            // (its tests may also import vitest)
            {
              regex: '^(?!zod$|zod/|vitest$|vitest/config$|\\.)',
              message: 'packages/domain is pure: it may import only zod and its own files.',
            },
            noServer,
            noWeb,
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'packages/domain must not read the process environment.' },
        { name: 'window', message: 'No DOM in packages/domain.' },
        { name: 'document', message: 'No DOM in packages/domain.' },
      ],
    },
  },
  {
    files: ['packages/domain/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/domain/vitest.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|zod/|\\.)',
              message: 'packages/domain is pure: it may import only zod and its own files.',
            },
            noServer,
            noWeb,
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noServer,
            {
              group: ['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', 'fastify'],
              message: 'Server-only packages.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noWeb, { group: ['vue', 'element-plus'], message: 'Browser-only packages.' }] },
      ],
    },
  },
  { files: ['e2e/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noWeb] }] } },
  // Issue 20: no source file over 400 lines after formatting (split by responsibility, not by cutting).
  {
    files: ['**/*.{ts,vue,mjs,js}'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
];
