/**
 * VIQR (RFC 1456), Vietnamese in 7-bit ASCII: shape marks ( ^ + after the vowel, "dd" for đ, then the
 * tone ' ` ? ~ . — "Vie^.t Nam" = "Việt Nam". A backslash keeps a mark literal ("Ba\.").
 */
const SHAPES: Record<string, string> = { '(': '\u0306', '^': '\u0302', '+': '\u031B' };
const TONES: Record<string, string> = { "'": '\u0301', '`': '\u0300', '?': '\u0309', '~': '\u0303', '.': '\u0323' };
const SHAPE_OK: Record<string, string> = { '(': 'aA', '^': 'aAeEoO', '+': 'oOuU' };
const VOWELS = 'aAeEiIoOuUyY';

/** Converts VIQR to Unicode. `.` and `?` at the end of a word count as tones only when the sentence goes on. */
export function viqrToUnicode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\' && i + 1 < text.length && /['`?~.(^+]/.test(text.charAt(i + 1))) {
      out += text.charAt(++i);
      continue;
    }
    if ((c === 'd' || c === 'D') && (text.charAt(i + 1) === 'd' || text.charAt(i + 1) === 'D') && isWordStart(text, i)) {
      out += c === 'd' ? 'đ' : 'Đ';
      i++;
      continue;
    }
    if (!VOWELS.includes(c)) {
      out += c;
      continue;
    }
    let letter = c;
    let j = i + 1;
    const shape = text.charAt(j);
    if (shape in SHAPES && SHAPE_OK[shape]?.includes(c)) {
      letter += SHAPES[shape];
      j++;
    }
    const tone = text.charAt(j);
    if (tone in TONES && toneApplies(text, j)) {
      letter += TONES[tone];
      j++;
    }
    out += letter.normalize('NFC');
    i = j - 1;
  }
  return out;
}

function isWordStart(text: string, i: number): boolean {
  return i === 0 || !/[\p{L}]/u.test(text.charAt(i - 1));
}

/** Sentence punctuation doubles as a tone: "nho?." is "nhỏ.", but "Ba. Ho" keeps its full stop. */
function toneApplies(text: string, j: number): boolean {
  const mark = text.charAt(j);
  if (mark !== '.' && mark !== '?' && mark !== "'") return true;
  const next = text.charAt(j + 1);
  if (next === '' || next === '\n') return false;
  if (/[\p{L}]/u.test(next) || /[.?!,;:]/.test(next)) return true;
  return /\s/.test(next) && /\p{Ll}/u.test(text.charAt(j + 2));
}
