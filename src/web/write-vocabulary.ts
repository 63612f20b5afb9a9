import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webPublicDir } from './router.js';
import { vocabularyModule } from './vocabulary.js';

/**
 * Write src/web/public/js/vocabulary.js from the domain (the copy node tests import; the server serves the
 * same module generated live).
 *
 * @example
 * // npx vite-node src/web/write-vocabulary.ts
 */
export function writeVocabulary(): string {
  const path = join(webPublicDir(), 'js', 'vocabulary.js');
  writeFileSync(path, vocabularyModule());
  return path;
}

if (/write-vocabulary\.[jt]s$/.test(process.argv[1] ?? "")) process.stdout.write(`wrote ${writeVocabulary()}\n`);
