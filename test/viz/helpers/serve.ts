// Build the sandbox with Vite's JS API and serve a folder on 127.0.0.1 (random port) with a
// tiny static server that never leaves its root. Used by the browser tests and the speed script.
import { createReadStream } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface BuildOptions {
  /**
   * A module to use instead of viz/src/registry.ts (the presets and patches the worker offers),
   * e.g. one with an extra patch that conflicts with a real one.
   */
  registry?: string;
}

/** Resolve the worker's `./registry.ts` (worker.ts's and posterior.ts's) to another file (test builds only). */
function swapRegistry(file: string): Plugin {
  return {
    name: 'govsim-test-registry',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './registry.ts' && importer && /[\\/]viz[\\/]src[\\/](worker|posterior)\.ts$/.test(importer)) return file;
      return null;
    },
  };
}

/** `vite build` of viz/ into a fresh temporary folder (so tests never clobber viz/dist). */
export async function buildSandbox(outDir?: string, opts: BuildOptions = {}): Promise<string> {
  const out = outDir ?? await mkdtemp(join(tmpdir(), 'govsim-viz-'));
  const { build } = await import('vite');
  const registry = opts.registry;
  await build({
    configFile: join(REPO, 'viz/vite.config.ts'),
    build: { outDir: out, emptyOutDir: true },
    ...(registry ? { worker: { format: 'es' as const, plugins: () => [swapRegistry(registry)] } } : {}),
    logLevel: 'error',
  });
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
  /** Paths requested so far (for checks). */
  requests: string[];
}

/** Serve `root` on 127.0.0.1; `prefix` mounts it under a subpath (to check the relative base). */
export async function serveStatic(root: string, prefix = '/'): Promise<StaticServer> {
  const base = resolve(root);
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(url.pathname);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      let path = decodeURIComponent(url.pathname);
      if (!path.startsWith(prefix)) {
        res.writeHead(404).end('not found');
        return;
      }
      path = path.slice(prefix.length);
      if (path === '' || path.endsWith('/')) path += 'index.html';
      const file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const st = await stat(file).catch(() => undefined);
      if (!st || !st.isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': st.size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(400).end('bad request');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('server has no port');
  return {
    url: `http://127.0.0.1:${addr.port}${prefix}`,
    requests,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}
