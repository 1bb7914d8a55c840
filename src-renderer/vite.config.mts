import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  publicDir: fileURLToPath(new URL('../resources/public', import.meta.url)),
  build: { outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: { '/trpc-ws': { target: 'ws://127.0.0.1:4780', ws: true }, '/api': 'http://127.0.0.1:4780', '/healthz': 'http://127.0.0.1:4780' } },
});
