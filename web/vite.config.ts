import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { THEME } from './src/theme.ts';

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
 * The antd components the pages use, and those these draw inside themselves (a Table its
 * Pagination, Select, Checkbox, Radio, Dropdown, Menu, Tooltip, Spin and Empty; a Popconfirm its
 * Popover; a Form its Row and Col): the build writes a stylesheet for these only. A page that
 * starts using another antd component adds it here (the build stops until then, see
 * unlistedAntdImports; one used only inside another must be found by looking at the page).
 */
const ANTD_COMPONENTS = [
  'Alert',
  'App',
  'Badge',
  'Button',
  'Card',
  'Checkbox',
  'Col',
  'Descriptions',
  'Dropdown',
  'Empty',
  'Form',
  'Input',
  'InputNumber',
  'Layout',
  'List',
  'Menu',
  'Modal',
  'Pagination',
  'Popconfirm',
  'Popover',
  'Progress',
  'Radio',
  'Row',
  'Segmented',
  'Select',
  'Space',
  'Spin',
  'Statistic',
  'Switch',
  'Table',
  'Tabs',
  'Tag',
  'Tooltip',
  'Typography',
  'message',
  'notification',
] as const;

/** The antd components web/src imports (types and the ConfigProvider aside) that ANTD_COMPONENTS lacks. */
function unlistedAntdImports(): string[] {
  const src = fileURLToPath(new URL('src', import.meta.url));
  const imported = new Set<string>();
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(file)) continue;
    for (const m of readFileSync(join(src, file), 'utf8').matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'antd'/g)) {
      if (m[1]) continue;
      for (const spec of m[2].split(',').map((x) => x.trim()))
        if (spec && !spec.startsWith('type ')) imported.add(spec.split(/\s+as\s+/)[0]);
    }
  }
  imported.delete('ConfigProvider');
  return [...imported].filter((name) => !(ANTD_COMPONENTS as readonly string[]).includes(name)).sort();
}

/**
 * antd's styles for THEME (web/src/theme.ts), written at build time as one stylesheet that
 * main.tsx imports (`virtual:antd.css`), so the browser generates none (`zeroRuntime`, issue 12).
 * Each component is drawn once on the server under the pages' ConfigProvider theme, and the
 * styles antd generated for it are taken from its cache (what @ant-design/static-style-extract
 * does): the same functions, the same tokens as in the browser, so the same CSS. Only the rules:
 * the tokens' CSS variables are still set in the browser (motion follows the station's setting).
 * A few components are drawn in more than one form, as some of their styles belong to a part
 * (a confirm dialog, a preset-coloured tag, a compact group, the message and notification panels).
 */
function antdStaticStyle(): Plugin {
  const ID = 'virtual:antd.css';
  const RESOLVED = '/@cssd/antd.css';
  return {
    name: 'cssd-antd-static-style',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      const unlisted = unlistedAntdImports();
      if (unlisted.length) this.error(`web/vite.config.ts: add ${unlisted.join(', ')} to ANTD_COMPONENTS, or they show unstyled`);
      const require = createRequire(import.meta.url);
      const { createCache, extractStyle, StyleProvider } = require('@ant-design/cssinjs') as typeof import('@ant-design/cssinjs');
      const antd = require('antd') as typeof import('antd');
      const { createElement: h, Fragment } = require('react') as typeof import('react');
      const { renderToString } = require('react-dom/server') as typeof import('react-dom/server');
      type Any = Parameters<typeof h>[0];
      const forms: Partial<Record<(typeof ANTD_COMPONENTS)[number], () => ReturnType<typeof h>[]>> = {
        Modal: () => [
          h(antd.Modal, { key: 'modal' }),
          h(antd.Modal._InternalPanelDoNotUseOrYouWillBeFired, { key: 'panel' }),
          h(antd.Modal._InternalPanelDoNotUseOrYouWillBeFired, { key: 'confirm', type: 'confirm' }),
        ],
        message: () => [h(antd.message._InternalPanelDoNotUseOrYouWillBeFired, { key: 'panel' })],
        notification: () => [h(antd.notification._InternalPanelDoNotUseOrYouWillBeFired, { key: 'panel' })],
        Dropdown: () => [h(antd.Dropdown, { key: 'dropdown', menu: { items: [] } }, h('div'))],
        Menu: () => [h(antd.Menu, { key: 'menu', items: [] })],
        Tag: () => [h(antd.Tag, { key: 'preset', color: 'blue' }, 'tag'), h(antd.Tag, { key: 'status', color: 'success' }, 'tag')],
        Badge: () => [h(antd.Badge, { key: 'badge' }), h(antd.Badge.Ribbon, { key: 'ribbon' })],
        Space: () => [h(antd.Space, { key: 'space' }), h(antd.Space.Compact, { key: 'compact' }, h(antd.Button))],
        Input: () => [antd.Input, antd.Input.Search, antd.Input.TextArea, antd.Input.Password].map((c, i) => h(c as Any, { key: i })),
        Layout: () => [
          h(antd.Layout, { key: 'layout' }, h(antd.Layout.Header), h(antd.Layout.Sider), h(antd.Layout.Content), h(antd.Layout.Footer)),
        ],
      };
      const cache = createCache();
      const nodes = ANTD_COMPONENTS.map((name) => h(Fragment, { key: name }, ...(forms[name]?.() ?? [h(antd[name] as Any)])));
      renderToString(h(StyleProvider, { cache }, h(antd.ConfigProvider, { theme: { ...THEME, zeroRuntime: false } }, ...nodes)));
      return extractStyle(cache, { plain: true, types: 'style' });
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
  plugins: [antdStaticStyle(), bootScript(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // The stylesheets are antd's, as antd wrote them (antdStaticStyle), and fontsource's: compact
    // already. A minifier would round antd's grid widths (20.833333333333336% → 20.8333%) and
    // move the form's columns by a pixel.
    cssMinify: false,
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
