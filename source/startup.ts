// Start-up speed for the published entry point (issue 5: first frame ≤ 400 ms). Most of the time
// to the first frame is module loading, so bin.ts calls this before importing anything else.
import module from 'node:module';

/**
 * Ink imports `throttle` from the `es-toolkit/compat` barrel, which evaluates ~400 modules (about
 * 100–200 ms, a third of start-up) for one function. Only that one import is sent to the module
 * that defines `throttle` (the barrel re-exports the same function, so nothing else changes). If
 * a future Ink imports more from the barrel, this fails loudly at start-up (the tmux e2e tests
 * start the built console), not subtly.
 */
function resolveInkThrottle(specifier: string, context: module.ResolveHookContext, next: (specifier: string, context?: Partial<module.ResolveHookContext>) => module.ResolveFnOutput): module.ResolveFnOutput {
  const resolved = next(specifier, context);
  if (specifier !== 'es-toolkit/compat' || !context.parentURL?.endsWith('/node_modules/ink/build/ink.js')) return resolved;
  return { ...resolved, url: new URL('./function/throttle.mjs', resolved.url).href };
}

/**
 * yoga-layout (Ink's layout engine) embeds its wasm as a base64 data URL and, when `fetch` exists,
 * decodes it through fetch(), which loads Node's whole fetch implementation (undici) at start-up:
 * 40–60 ms of the first frame here. Without fetch it decodes the same bytes synchronously, so its
 * checks for fetch are answered "absent". If a future yoga words the check differently, nothing is
 * replaced and start-up is only slower (a unit test watches the installed version).
 */
export const YOGA_FETCH_CHECK = '"function"!=typeof fetch';
const YOGA_WASM_LOADER = '/node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js';

export function withoutYogaFetch(source: string): string {
  return source.replaceAll(YOGA_FETCH_CHECK, 'true');
}

function loadYogaWithoutFetch(url: string, context: module.LoadHookContext, next: (url: string, context?: Partial<module.LoadHookContext>) => module.LoadFnOutput): module.LoadFnOutput {
  const loaded = next(url, context);
  if (!url.endsWith(YOGA_WASM_LOADER) || loaded.source === undefined) return loaded;
  const text = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
  return { ...loaded, source: withoutYogaFetch(text) };
}

export function speedUpStartup(): void {
  // V8's code cache on disk (in the OS temp dir, or NODE_COMPILE_CACHE): later starts skip
  // compiling React, Ink and the console's own modules. Both APIs are newer than Node 22.0.
  module.enableCompileCache?.();
  module.registerHooks?.({ resolve: resolveInkThrottle, load: loadYogaWithoutFetch });
}
