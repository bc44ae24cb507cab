import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { AppError } from '../platform/errors/index.js';
import type { SalusServer } from '../platform/http/index.js';

export const defaultWebRoot = fileURLToPath(new URL('../../web', import.meta.url));
const apiPrefixes = ['/api/', '/auth/', '/oidc/', '/health/', '/interaction/'];

/** Serves the built web UI; any other page path gets the app shell, which routes in the browser. */
export async function registerWebUi(app: SalusServer, root: string = defaultWebRoot): Promise<void> {
  const built = existsSync(path.join(root, 'index.html'));
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    if (built) await scope.register(fastifyStatic, { root, wildcard: false, index: false, schemaHide: true });
    scope.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      if (apiPrefixes.some((p) => pathname.startsWith(p))) {
        throw new AppError('not_found', 'route.not_found', `There is no ${request.method} ${pathname} on this node.`);
      }
      if (!built) {
        return reply
          .type('text/plain')
          .send('The Salus web UI is not built on this node. Run `npm run build`, then reload. The API is at /api/docs.');
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  });
}
