import { defineConfig } from 'vitest/config';

// The domain package's own test config, used by the mutation run (stryker.config.mjs); the suite runs it as the
// `domain` project of the root vitest.config.ts.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 } });
