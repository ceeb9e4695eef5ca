import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { sandboxPlugin } from './tools/vite/sandbox-plugin.ts';

export default defineConfig({
  plugins: [react(), tailwindcss(), sandboxPlugin()],
  optimizeDeps: { exclude: ['pyodide'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
