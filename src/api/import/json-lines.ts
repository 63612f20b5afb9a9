/**
 * Line numbers of the elements of a JSON array, so JSON imports can report "line 12" like CSV ones.
 * Scans the text once (strings and escapes respected); the array is either the whole document or the
 * value of a top-level `"homes"` key.
 *
 * @example
 * jsonArrayElementLines('[\n {"id": "a"},\n {"id": "b"}\n]'); // [2, 3]
 */
export function jsonArrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  // Depth at which the elements we want live: 1 for a top-level array, 2 for {"homes": [...]}.
  let targetDepth = -1;
  let lastKey: string | null = null;
  let keyStart = -1;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        if (depth === 1 && keyStart >= 0) lastKey = text.slice(keyStart, i);
        keyStart = -1;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ':') continue;
    if (expectValue && depth === targetDepth && c !== ']') {
      lines.push(line);
      expectValue = false;
    }
    switch (c) {
      case '"':
        inString = true;
        if (depth === 1 && targetDepth !== 1) keyStart = i + 1;
        break;
      case '[':
        depth += 1;
        if (targetDepth === -1 && (depth === 1 || (depth === 2 && lastKey === 'homes'))) {
          targetDepth = depth;
          expectValue = true;
        }
        break;
      case '{':
        depth += 1;
        break;
      case ']':
        if (depth === targetDepth) expectValue = false;
        depth -= 1;
        break;
      case '}':
        depth -= 1;
        break;
      case ',':
        if (depth === targetDepth) expectValue = true;
        break;
      default:
        break;
    }
  }
  return lines;
}
