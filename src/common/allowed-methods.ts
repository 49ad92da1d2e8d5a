import type { Request } from 'express';

/** A route of Express's table, as its router keeps it (router 2.x: `match` tells whether a path is the route's). */
interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * The methods the application takes at an address, read from Express's own route table: a
 * request naming an address in a method it does not take is told which it does (405 with
 * `Allow`), not that the address does not exist; a form posted after its session ended returns to
 * the page it is on. Empty when no route has the address at all.
 */
export function methodsAt(app: Request['app'], path: string): string[] {
  const stack = (app as unknown as { router?: { stack: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    let matched: unknown;
    try {
      matched = layer.match(path);
    } catch {
      continue; // An address that cannot be decoded is no route's.
    }
    if (!matched) continue;
    for (const [method, taken] of Object.entries(layer.route.methods)) if (taken && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
