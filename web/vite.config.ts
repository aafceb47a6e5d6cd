import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The pages are served by the Nest service at `/` from dist/web (the API stays under /api).
// Everything is bundled: hospital networks often have no internet (no CDN, no outside fonts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Vite 8 compiles TSX itself (oxc), React's automatic JSX runtime; @vitejs/plugin-react (fast
  // refresh, dev only) is left out: its optional Babel 8 peers do not resolve beside jest's Babel 7.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components): meaningless in a bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
