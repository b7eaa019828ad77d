// Text that people type never holds control characters (C0, DEL, C1). A NUL makes the database refuse
// the statement, and tabs or escapes in a name end up in letters: such input is refused at the edge.

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/**
 * The first field (a dotted path, "address.city", "guardianOf.0") of a parsed body or query whose
 * string value, or name, holds a control character; null when none does. Bytes (a photo) are not
 * looked into. `skip` names top-level fields never stored.
 */
export function fieldWithControlCharacter(
  value: unknown,
  skip: readonly string[] = [],
  path = '',
): string | null {
  if (typeof value === 'string') return hasControlCharacter(value) ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = fieldWithControlCharacter(value[i], [], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (!path && skip.includes(key)) continue;
    const here = path ? `${path}.${key}` : key;
    if (hasControlCharacter(key)) return here.replace(CONTROL_GLOBAL, '?');
    const found = fieldWithControlCharacter(inner, [], here);
    if (found) return found;
  }
  return null;
}

const CONTROL_GLOBAL = new RegExp(CONTROL.source, 'g');
