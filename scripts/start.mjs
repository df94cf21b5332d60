#!/usr/bin/env node
// `npm start`: build the web app and the server only if their sources changed since the last build
// (scripts/build.mjs), then run the compiled server in this same process (no second Node start-up).
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './build.mjs';

await ensureBuilt();
// Stack traces point into apps/server/src, not into the compiled file.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(new URL('../apps/server/dist/main.js', import.meta.url).pathname).href);
