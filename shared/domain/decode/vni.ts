/**
 * VNI-Windows, the font encoding of many older Vietnamese government documents: each letter is a
 * base Latin letter followed by a modifier byte (read here through Windows-1252), e.g. "aù" = á,
 * "aâ" = â, "aá" = ấ, "aê" = ă. A few letters have a byte of their own (ô = ơ, ö = ư, ñ = đ, ò = ị).
 */

const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const; // none, sắc, huyền, hỏi, ngã, nặng

/** Modifier bytes after a plain vowel, in tone order. */
const PLAIN_MODIFIERS = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
/** After a, e, o: the circumflex family (â ê ô), in tone order. */
const CIRCUMFLEX_MODIFIERS = ['â', 'á', 'à', 'å', 'ã', 'ä'];
/** After a: the breve family (ă), in tone order. */
const BREVE_MODIFIERS = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];

function compose(base: string, shape: string, tone: number): string {
  return (base + shape + TONES[tone]).normalize('NFC');
}

function buildTable(): Map<string, string> {
  const table = new Map<string, string>();
  const addCase = (vni: string, unicode: string): void => {
    table.set(vni, unicode);
    table.set(vni.toUpperCase(), unicode.toUpperCase());
  };
  // Plain vowels with a tone: a e o u y, plus ơ (ô) and ư (ö) which carry their shape in one byte.
  for (const [vniBase, base, shape] of [['a', 'a', ''], ['e', 'e', ''], ['o', 'o', ''], ['u', 'u', ''], ['y', 'y', ''], ['ô', 'o', '\u031B'], ['ö', 'u', '\u031B']] as const) {
    PLAIN_MODIFIERS.forEach((modifier, tone) => {
      if (tone === 0 && vniBase.length === 1 && vniBase < '\u0080') return;
      addCase(vniBase + modifier, compose(base, shape, tone));
    });
  }
  for (const base of ['a', 'e', 'o']) CIRCUMFLEX_MODIFIERS.forEach((m, tone) => addCase(base + m, compose(base, '\u0302', tone)));
  BREVE_MODIFIERS.forEach((m, tone) => addCase(`a${m}`, compose('a', '\u0306', tone)));
  // i and the dotted y have single bytes of their own.
  ['í', 'ì', 'æ', 'ó', 'ò'].forEach((b, i) => addCase(b, compose('i', '', i + 1)));
  addCase('î', compose('y', '', 5));
  addCase('ñ', 'đ');
  return table;
}

const TABLE = buildTable();

/** Converts text decoded as Windows-1252 from VNI-Windows bytes into Unicode. */
export function vniToUnicode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const pair = TABLE.get(text.slice(i, i + 2));
    if (pair !== undefined) {
      out += pair;
      i += 2;
      continue;
    }
    const single = TABLE.get(text.charAt(i));
    out += single ?? text.charAt(i);
    i += 1;
  }
  return out;
}

/** Every VNI sequence and its letter, for tests. */
export const VNI_TABLE: ReadonlyMap<string, string> = TABLE;
