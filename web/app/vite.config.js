// Vite builds the web app into dist/, which `opticplan serve` serves from its own origin (the app
// calls the API with relative /api/... URLs). `npm run dev` serves the sources with /api proxied to
// a running server: OPTICPLAN_API, default http://127.0.0.1:8080 (`opticplan serve --port 8080`).
import {defineConfig} from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {'/api': process.env.OPTICPLAN_API || 'http://127.0.0.1:8080'},
  },
});
