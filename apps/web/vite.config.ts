import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';
import { visualizer } from 'rollup-plugin-visualizer';

export default defineConfig({
  plugins: [
    vue(),
    // .gz and .br beside every text file, so the server sends them as they are (@fastify/static preCompressed)
    // instead of compressing ≈1.2 MB of JavaScript on every first visit.
    compression({ algorithms: ['gzip', 'brotliCompress'], include: /\.(js|mjs|css|html|json|svg|txt)$/, logLevel: 'silent' }),
    // `npm run bench -- bundle` asks for the treemap of what each chunk holds (bench/output/bundle-stats.yml).
    ...(process.env.BUNDLE_STATS ? [visualizer({ filename: process.env.BUNDLE_STATS, template: 'list', gzipSize: true, brotliSize: true })] : []),
  ],
  // `@/…` keeps imports from deep view folders readable; mirrored in tsconfig.json "paths".
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Full Element Plus is one big chunk by design; silence the 500 kB warning at a realistic limit.
    chunkSizeWarningLimit: 2000,
    // packages/domain declares "sideEffects": false, so unused reference data and schemas are left out.
  },
});
