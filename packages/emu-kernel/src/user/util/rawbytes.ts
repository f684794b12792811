// Strings that carry raw bytes: printf '\206' and echo -e '\x86' produce a byte, not the character
// U+0086 (which UTF-8 would encode as two bytes). Such bytes travel as private-use characters.
const BASE = 0xf700;

/** The string form of byte `b` (bytes below 0x80 are plain ASCII). */
export function rawByte(b: number): string {
  return b < 0x80 ? String.fromCharCode(b) : String.fromCharCode(BASE + b);
}

/** UTF-8 for the text, the bytes themselves for rawByte characters. */
export function encodeRaw(s: string): Uint8Array {
  const enc = new TextEncoder();
  const parts: number[] = [];
  let text = '';
  const flush = () => {
    if (text) for (const b of enc.encode(text)) parts.push(b);
    text = '';
  };
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= BASE + 0x80 && c <= BASE + 0xff) {
      flush();
      parts.push(c - BASE);
    } else text += ch;
  }
  flush();
  return new Uint8Array(parts);
}
