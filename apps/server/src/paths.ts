import { fileURLToPath } from 'node:url';

// Folders the server reads at run time, found from this module's own address. This file sits one folder below the
// server package (src/paths.ts), exactly as the compiled server does (dist/main.js, scripts/build.mjs), so the same
// relative steps hold under tsx in development and tests and under plain node in production or the offline bundle.
const serverRoot = new URL('..', import.meta.url);

/** The repository root (or the unpacked bundle's root): relative DATA_DIR values are taken from here. */
export const repoRoot = fileURLToPath(new URL('../../', serverRoot));
/** Drizzle's generated SQL migrations, applied on every start. */
export const migrationsFolder = fileURLToPath(new URL('drizzle', serverRoot));
/** The built web app (apps/web/dist). */
export const defaultWebDist = fileURLToPath(new URL('../web/dist', serverRoot));
