import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into apps/web/dist and served by the API on the same origin; `npm run dev` proxies the API.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false },
      '/health': { target: process.env.API_URL ?? 'http://127.0.0.1:3000' },
    },
  },
});
