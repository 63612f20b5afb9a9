import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The web page's static folder (plain browser ES modules). */
export const WEB_PUBLIC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'web', 'public');

/**
 * Import one of the page's pure browser modules (no DOM) into a node test, typed by the caller.
 * The specifier is computed, so TypeScript does not try to type-check the plain JS file.
 *
 * @example
 * const geo = await loadPublicModule<{ hash32(s: string): number }>('js/geo.js');
 */
export async function loadPublicModule<T>(relative: string): Promise<T> {
  const url = pathToFileURL(join(WEB_PUBLIC, relative)).href;
  return (await import(/* @vite-ignore */ url)) as T;
}
