import iconv from 'iconv-lite';
import { vniToUnicode } from './vni.ts';

/**
 * Vietnamese typed before Unicode, in the fonts of the TCVN3 (ABC) and VNI families: the file holds
 * the legacy bytes as Windows-1252 characters (`C«ng v¨n` in `.VnTime`), and only the font made them
 * look right. Such text is converted by its font.
 */

export type LegacyFontEncoding = 'tcvn3' | 'vni-windows';

/** A legacy font met in a document, its encoding, and how many runs of text used it. */
export interface LegacyFontUse {
  font: string;
  encoding: LegacyFontEncoding;
  runs: number;
}

/**
 * The encoding a font name stands for. TCVN3 fonts are named `.Vn…` (`.VnTime`, `.VnArial`,
 * `.VnTimeH`: the trailing H fonts draw the same codes as capitals); VNI fonts `VNI-…` (`VNI-Times`,
 * `VNI-Helve`), which encode capitals themselves.
 */
export function legacyFontEncoding(font: string | null | undefined): { encoding: LegacyFontEncoding; capitals: boolean } | undefined {
  if (!font) return undefined;
  const name = font.trim();
  if (/^\.vn/i.test(name)) return { encoding: 'tcvn3', capitals: /H$/.test(name) };
  if (/^vni[- ]/i.test(name)) return { encoding: 'vni-windows', capitals: false };
  return undefined;
}

/** Windows-1252's letters and symbols at 0x80–0x9F, back to their bytes. */
const CP1252_HIGH = new Map<string, number>(
  [...new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i))].map((c, i) => [c, 0x80 + i] as const),
);

function isLegacyText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff && !(code >= 0xf000 && code <= 0xf0ff) && !CP1252_HIGH.has(text.charAt(i))) return false;
  }
  return true;
}

/** The legacy bytes behind a run's characters (Windows-1252, or U+F0xx where Word stored a symbol-font code). */
function bytesOf(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i] = code <= 0xff ? code : code >= 0xf000 && code <= 0xf0ff ? code - 0xf000 : (CP1252_HIGH.get(text.charAt(i)) ?? 0x3f);
  }
  return bytes;
}

/**
 * A run's text in Unicode, given the legacy font it was typed in; unchanged when it holds characters
 * no legacy byte gives (Unicode text typed later with the old font still selected).
 */
export function convertLegacyRun(text: string, font: { encoding: LegacyFontEncoding; capitals: boolean }): string {
  if (!isLegacyText(text)) return text;
  const bytes = bytesOf(text);
  const unicode = font.encoding === 'tcvn3' ? iconv.decode(bytes, 'tcvn') : vniToUnicode(iconv.decode(bytes, 'windows1252'));
  return font.capitals ? unicode.toUpperCase() : unicode;
}
