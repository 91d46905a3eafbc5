import { defineConfig } from 'vite';

// The demo portal's redirect URI is http://localhost:5173/callback: the board must be served on exactly that origin,
// so the port is fixed (strictPort fails instead of moving to another one the token server would refuse).
export default defineConfig({
  server: { host: 'localhost', port: 5173, strictPort: true },
  preview: { host: 'localhost', port: 5173, strictPort: true },
});
