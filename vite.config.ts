import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { sandboxPlugin } from './tools/vite/sandbox-plugin.ts';

export default defineConfig({
  // Relative: one build works at a site root and under any sub-path (a GitHub Pages project site is /<repo>/).
  base: './',
  plugins: [
    react(),
    tailwindcss(),
    sandboxPlugin(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false, // src/pwa/register.ts registers it, lazily, with the update prompt
      includeManifestIcons: false, // the glob below already has them
      injectManifest: {
        // The app shell, the sandbox worker and Pyodide's runtime (pyodide.asm.wasm alone is ~9.6 MB).
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,wasm,zip,json,webmanifest}'],
        // Not the in-page model's runtime (~10 MB): it loads only for those who pick that provider, and the service
        // worker caches it on that first use (src/pwa/sw.ts). Test models written into dist/ by e2e are not the app.
        globIgnores: ['**/wllama*.wasm', 'test-models/**'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      },
      manifest: {
        name: 'RLM Studio',
        short_name: 'RLM Studio',
        description: 'Run, watch and benchmark Recursive Language Models in your browser',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#020617',
        theme_color: '#0f172a',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  optimizeDeps: { exclude: ['pyodide'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
