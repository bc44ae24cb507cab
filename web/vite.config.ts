import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server (src/) serves the built UI from dist/web and answers the API on the same origin; in
// development Vite serves the UI and passes everything the server owns through to it.
const server = 'http://localhost:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': server,
      '/auth': server,
      '/oidc': server,
      '/health': server,
    },
  },
});
