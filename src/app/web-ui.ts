import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { AppError } from '../platform/errors/index.js';
import type { FastifyReply } from 'fastify';
import type { SalusServer } from '../platform/http/index.js';

// Compiled, this file is dist/src/app/web-ui.js and the UI is dist/web; run from source, it is also dist/web.
const here = fileURLToPath(import.meta.url);
export const defaultWebRoot = path.resolve(
  path.dirname(here),
  here.includes(`${path.sep}dist${path.sep}`) ? '../../web' : '../../dist/web',
);
const apiPrefixes = ['/api/', '/auth/', '/oidc/', '/health/', '/interaction/'];

/** Sends the web app's page (index.html), which routes in the browser. */
export async function sendAppShell(
  reply: FastifyReply,
  root: string = defaultWebRoot,
): Promise<FastifyReply> {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) {
    return reply
      .type('text/plain')
      .send(
        'The Salus web UI is not built on this node. Run `npm run build`, then reload. The API is at /api/docs.',
      );
  }
  return reply
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(await readFile(index));
}

/** Serves the built web UI; any other page path gets the app shell, which routes in the browser. */
export async function registerWebUi(app: SalusServer, root: string = defaultWebRoot): Promise<void> {
  const built = existsSync(path.join(root, 'index.html'));
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    // Vite puts every asset under /assets/ with a content hash in its name: cache them for good.
    if (built && existsSync(path.join(root, 'assets'))) {
      await scope.register(fastifyStatic, {
        root: path.join(root, 'assets'),
        prefix: '/assets/',
        index: false,
        schemaHide: true,
        immutable: true,
        maxAge: '365d',
      });
    }
    scope.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      if (apiPrefixes.some((p) => pathname.startsWith(p))) {
        throw new AppError(
          'not_found',
          'route.not_found',
          `There is no ${request.method} ${pathname} on this node.`,
        );
      }
      return sendAppShell(reply, root);
    });
  });
}
