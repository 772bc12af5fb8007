import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the renderer: root `renderer/`, output `dist/renderer/`, relative
 * asset paths (Electron loads the page from file://; the web host serves it
 * at `/`). No inline scripts, so the page's Content-Security-Policy can
 * forbid them.
 */
export default defineConfig({
  root,
  base: './',
  publicDir: false,
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // zod (the contract's argument schemas) carries /* @__PURE__ */ comments Rollup cannot place and drops; harmless.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
