import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config, four projects: pure domain tests, the web app's composables, server integration tests (real migrations on a
// fresh PGlite per file, or PostgreSQL when TEST_DATABASE_URL is set) and browser tests.
export default defineConfig({
  test: {
    // Two test files at a time. Vitest's default on a 2-core machine is one (CPUs − 1), which left a core idle while a
    // file waited on PGlite, PostgreSQL or argon2. `--maxWorkers N` (or VITEST_MAX_WORKERS) overrides it.
    maxWorkers: 2,
    projects: [
      { test: { name: 'domain', include: ['packages/domain/src/**/*.test.ts'] } },
      {
        // The web app's plumbing without a browser (Vue's reactivity and the router run in Node): composables, http.ts.
        resolve: { alias: { '@': fileURLToPath(new URL('./apps/web/src', import.meta.url)) } },
        test: { name: 'web', include: ['apps/web/src/**/*.test.ts'] },
      },
      {
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts'],
          globalSetup: ['apps/server/test/global-setup.ts'],
          // The clock is pinned before each file (apps/server/test/clock-setup.ts).
          setupFiles: ['apps/server/test/clock-setup.ts'],
          testTimeout: 60_000,
          // Building a fresh database and app per file can take long on a busy 2-core machine.
          hookTimeout: 120_000,
          pool: 'forks',
          // A worker process runs file after file with the modules it has loaded (the server, Fastify, zod schemas,
          // PGlite's WebAssembly): starting a process and importing them for every file was about half of the suite's
          // time. Each file still builds its own database and app; the setup file (the pinned clock) runs again before
          // every file, and the server's module-level caches are keyed by database. `--isolate` gives every file its
          // own process again (to rule out a leak between files).
          isolate: false,
          // The Redis tests (lib/sharedState.redis.test.ts) use this one; REDIS_URL= (empty) skips them.
          env: { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One browser file at a time (they share one server and its demo data); Vitest runs projects with another
          // worker count in a group of their own, after the domain and server files.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
