import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, searchForWorkspaceRoot } from 'vite';

// Built into apps/web/dist and served by the API on the same origin; `npm run dev` proxies the API.
export default defineConfig({
  plugins: [react()],
  // The manifest lets scripts/first-load-budget.mjs sum what the first screen fetches. The previous
  // build's chunks are kept (emptyOutDir false): a page loaded before a rebuild or a deploy still
  // finds the chunks it asks for later (`rm -rf apps/web/dist` clears them).
  build: { outDir: 'dist', emptyOutDir: false, manifest: true, chunkSizeWarningLimit: 2000 },
  server: {
    // The app imports the shared libs/contracts (response types, the SSE parser) from outside its
    // own folder; the dev server serves only the folders listed here.
    fs: { allow: [searchForWorkspaceRoot(process.cwd()), fileURLToPath(new URL('../../libs/contracts/src', import.meta.url))] },
    proxy: {
      '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false },
      '/health': { target: process.env.API_URL ?? 'http://127.0.0.1:3000' },
    },
  },
});
