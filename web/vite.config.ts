import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build, so the service sends the
 * compressed bytes without compressing at each request (src/http-app.ts). Maximum levels: they
 * cost only build time. A file under 1 KB, or one that hardly shrinks, is left alone.
 */
function precompress(): Plugin {
  return {
    name: 'cssd-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir!;
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|mjs|css|html|svg|json)$/.test(name)) continue;
        const raw = readFileSync(join(dir, name));
        if (raw.length < 1024) continue;
        const br = brotliCompressSync(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
        const gz = gzipSync(raw, { level: 9 });
        if (gz.length < raw.length * 0.9) writeFileSync(join(dir, `${name}.gz`), gz);
        if (br.length < raw.length * 0.9) writeFileSync(join(dir, `${name}.br`), br);
      }
    },
  };
}

/**
 * web/src/boot.ts is an entry of its own, named in index.html before the application's: a few
 * hundred bytes that import no library, so it runs as soon as it arrives and starts a station's
 * requests and its page's chunk while the shell's libraries are still being fetched and parsed.
 * Vite writes into index.html the entry it was given (src/main.tsx); this adds the other one.
 */
function bootScript(): Plugin {
  return {
    name: 'cssd-boot-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const boot = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'boot');
        if (!boot) throw new Error('web/vite.config.ts: the boot entry (src/boot.ts) is missing from the bundle');
        return [{ tag: 'script', attrs: { type: 'module', crossorigin: true, src: `/${boot.fileName}` }, injectTo: 'head-prepend' }];
      },
    },
  };
}

/**
 * The libraries the shell itself runs (React, the router, i18next, TanStack Query, antd's core and
 * the components of the header, sign-in and home pages): one vendor chunk, cached across releases
 * of the pages. The antd components only some pages use (Table above all, ~180 KB) stay out of it
 * and follow those pages, so a station does not load the board's and the catalog's tables.
 */
const VENDOR = { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial' as const] };

// The pages are served by the Nest service at `/` from dist/web (the API stays under /api).
// Everything is bundled: hospital networks often have no internet (no CDN, no outside fonts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Vite 8 compiles TSX itself (oxc), React's automatic JSX runtime; @vitejs/plugin-react (fast
  // refresh, dev only) is left out: its optional Babel 8 peers do not resolve beside jest's Babel 7.
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [bootScript(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        boot: fileURLToPath(new URL('src/boot.ts', import.meta.url)),
      },
      // antd marks its modules "use client" (for React Server Components): meaningless in a bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      // Each page is its own chunk (React.lazy in App.tsx); the shell's libraries one more (VENDOR).
      output: { codeSplitting: { groups: [VENDOR] } },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
