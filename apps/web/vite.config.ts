import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';
import { visualizer } from 'rollup-plugin-visualizer';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each <el-…> a template names is imported with its CSS into that chunk, so the public
    // pages do not carry the tables, date pickers and uploads of the workbench. Our own components stay explicit
    // imports (dirs: []). No components.d.ts: the templates stay as loosely typed as with the global app.use(ElementPlus)
    // they replace (typing them shows type errors in many table row slots; a change of its own).
    Components({ dirs: [], resolvers: [ElementPlusResolver({ importStyle: 'css', directives: false })], dts: false }),
    // .gz and .br beside every text file, so the server sends them as they are (@fastify/static preCompressed)
    // instead of compressing ≈1.2 MB of JavaScript on every first visit.
    compression({
      algorithms: ['gzip', 'brotliCompress'],
      include: /\.(js|mjs|css|html|json|svg|txt)$/,
      logLevel: 'silent',
    }),
    // `npm run bench -- bundle` asks for the treemap of what each chunk holds (bench/output/bundle-stats.yml).
    ...(process.env.BUNDLE_STATS
      ? [
          visualizer({
            filename: process.env.BUNDLE_STATS,
            projectRoot: fileURLToPath(new URL('../..', import.meta.url)),
            template: 'list',
            gzipSize: true,
            brotliSize: true,
          }),
        ]
      : []),
  ],
  // `@/…` keeps imports from deep view folders readable; mirrored in tsconfig.json "paths".
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The map's GeoJSON and ECharts make the largest chunk (≈ 500 kB raw, loaded by the map and dashboard only).
    chunkSizeWarningLimit: 700,
    // Per-component imports split Element Plus's shared core (hooks, utils, popper, input, button …) into dozens of
    // one-kilobyte chunks, each a request; the core every page uses goes into one chunk instead.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'ep-core',
              test: /node_modules[\\/](element-plus[\\/]es[\\/](hooks|utils|constants|directives|locale|components[\\/](base|config-provider|icon|button|input|popper|tooltip|scrollbar|tag|focus-trap|teleport|collection|roving-focus-group|visual-hidden|slot|overlay|message|message-box|loading|form)[\\/])|@vueuse|@floating-ui|lodash-es|@ctrl|async-validator|memoize-one|normalize-wheel)/,
            },
          ],
        },
      },
    },
    // packages/domain declares "sideEffects": false, so unused reference data and schemas are left out.
  },
});
