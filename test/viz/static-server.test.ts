// The tests' static server: serves files under its root and nothing outside it.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from './helpers/serve.ts';

let root: string;
let server: StaticServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'govsim-static-'));
  await writeFile(join(root, 'index.html'), '<p>hi</p>');
  await writeFile(join(root, 'a.js'), 'export {}');
  server = await serveStatic(root, '/sub/');
});
afterAll(() => server.close());

describe('serveStatic(root, prefix)', () => {
  it('serves index.html for the folder and files with their types', async () => {
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    const js = await fetch(`${server.url}a.js`);
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
  });

  it('refuses paths that climb out of the root, encoded or not', async () => {
    for (const p of ['../package.json', '..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd']) {
      const r = await fetch(`${server.url}${p}`);
      expect([403, 404], p).toContain(r.status);
      expect(await r.text()).not.toMatch(/root:|"name"/);
    }
  });

  it('answers 404 outside the prefix', async () => {
    const r = await fetch(server.url.replace('/sub/', '/other/'));
    expect(r.status).toBe(404);
  });
});
