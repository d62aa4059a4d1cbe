// Frozen copy of shared/domain/metadata/entities.ts as of 311c2d6, before the readers of names shared one word
// stream: the reference test/unit/name-readers-random.test.ts pins the readers to. Not to be edited.
import {
  DOCUMENT_TYPES, GENERIC_BODIES, HONORIFICS, LEVEL_WORDS, NAME_BREAKERS, NAME_CONJUNCTIONS, NAME_LOWER_PHRASES, ORGANIZATION_HEADS,
  QUALIFIER_TITLES, SECOND_SYLLABLES, STANDALONE_ORGANIZATIONS, TITLE_PREFIXES, TITLES,
} from '../../../shared/domain/metadata/offices.ts';
import { isPatternSpace, isWordCode, lowerCase, startsWithCapital } from '../../../shared/domain/text/tokenize.ts';
import { isPlaceWord } from './people.ts';

/**
 * Roles and organisations in Vietnamese news prose, read from the words around names. Names of
 * offices follow a regular shape — a title or head ("Phó Bí thư", "Ban"), then capitalised words,
 * their lower-case second syllables ("Nội chính") and administrative levels ("tỉnh") — and end where
 * the sentence goes on with an ordinary word ("cho biết", "chủ trì").
 */

interface Token {
  text: string;
  start: number;
  end: number;
  word: boolean;
  /** A word starting with a capital letter. */
  upper: boolean;
}

const ABBREVIATION = /^\p{Lu}{2,}$/u;
const MAX_SEGMENT_WORDS = 14;
const SEPARATORS_AFTER_NAME = new Set(['-', '–', '—', ',', '(']);
const SEPARATORS_BEFORE_NAME = new Set(['-', '–', '—', ',']);
const TRAILING_TRIM = new Set(['và', 'các', 'cơ']);

/** Words (letters, digits, marks; "KT-XH" is one word), line breaks and single punctuation marks. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isWordCode(code)) {
      const start = i;
      for (;;) {
        while (i < text.length && isWordCode(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) === 0x2d && i + 1 < text.length && isWordCode(text.charCodeAt(i + 1))) i++;
        else break;
      }
      const word = text.slice(start, i);
      tokens.push({ text: word, start, end: i, word: true, upper: startsWithCapital(word) });
    } else {
      if (code === 0x0a || (code !== 0x20 && !isPatternSpace(code))) tokens.push({ text: text.charAt(i), start: i, end: i + 1, word: false, upper: false });
      i++;
    }
  }
  return tokens;
}

/** Phrases split into words, grouped by first word (matched exactly), longest first within a group. */
type Phrases = ReadonlyMap<string, Array<readonly string[]>>;
function byLengthDesc(list: readonly string[]): Phrases {
  const groups = new Map<string, Array<readonly string[]>>();
  for (const phrase of list) {
    const words = phrase.split(' ');
    const group = groups.get(words[0] ?? '') ?? [];
    group.push(words);
    groups.set(words[0] ?? '', group);
  }
  for (const group of groups.values()) group.sort((a, b) => b.length - a.length);
  return groups;
}
const TITLE_WORDS = byLengthDesc(TITLES);
const HEAD_WORDS = byLengthDesc(ORGANIZATION_HEADS);
const HONORIFIC_WORDS = byLengthDesc([...HONORIFICS]);
const LOWER_PHRASES = byLengthDesc(NAME_LOWER_PHRASES);
const DOCUMENT_TYPE_WORDS = byLengthDesc(DOCUMENT_TYPES);
const QUALIFIERS = byLengthDesc(QUALIFIER_TITLES);
const GENERIC_BODY_WORDS = byLengthDesc(GENERIC_BODIES);
/** First words of titles (or their prefixes) and of organisation heads. */
const ORGANIZATION_SCAN_STARTS = new Set([...TITLE_PREFIXES, ...TITLE_WORDS.keys(), ...HEAD_WORDS.keys()]);
/**
 * The first code unit and length of each word of ORGANIZATION_SCAN_STARTS, hashed to 16 bits and set:
 * a word whose bit is clear is none of them, known without hashing its string (most words of a text).
 */
const SCAN_START_SHAPES = new Uint8Array(1 << 16);
const shapeOf = (word: string): number => (word.charCodeAt(0) * 31 + word.length) & 0xffff;
for (const word of ORGANIZATION_SCAN_STARTS) SCAN_START_SHAPES[shapeOf(word)] = 1;
/** A run of lower-case words inside a name must reach an administrative level within this many words. */
const MAX_LOWER_RUN = 4;

/**
 * Length in tokens of the longest phrase starting at `i`, or 0. With `relaxed`, words after the
 * first match in any case: scraped pages write "Văn Phòng Tỉnh ủy" as often as "Văn phòng Tỉnh ủy".
 */
function phraseAt(tokens: Token[], i: number, phrases: Phrases, relaxed = false): number {
  const first = tokens[i];
  if (!first?.word) return 0;
  const group = phrases.get(first.text);
  if (group === undefined) return 0;
  for (const phrase of group) {
    let k = 0;
    while (k < phrase.length && tokens[i + k]?.word && sameWord(tokens[i + k]?.text ?? '', phrase[k] ?? '', relaxed && k > 0)) k++;
    if (k === phrase.length) return k;
  }
  return 0;
}

function sameWord(a: string, b: string, relaxed: boolean): boolean {
  return a === b || (relaxed && lowerCase(a) === lowerCase(b));
}

class Scanner {
  private readonly people: Phrases;

  /** Every known person's name starts with a capital (nearly always): only capitalised words can start one. */
  private readonly capitalsOnly: boolean;

  constructor(readonly tokens: Token[], people: string[]) {
    this.people = byLengthDesc(people);
    this.capitalsOnly = [...this.people.keys()].every(startsWithCapital);
  }

  /** Whether a known person's name starts with token `i`'s text. */
  startsPerson(i: number): boolean {
    const t = this.tokens[i];
    return t !== undefined && (!this.capitalsOnly || t.upper) && this.people.has(t.text);
  }

  isUpper(i: number): boolean {
    return this.tokens[i]?.upper === true;
  }

  /** A known person's name at `i`, unless the words before make it a place ("Thành phố Hồ Chí Minh"). */
  personAt(i: number): number {
    const length = phraseAt(this.tokens, i, this.people);
    return length > 0 && isPlaceWord(this.tokens[i - 1]?.text ?? '') ? 0 : length;
  }

  /** Tokens taken by a title at `i` ("nguyên Phó Bí thư"), or 0. */
  titleAt(i: number): number {
    const prefix = TITLE_PREFIXES.has(this.tokens[i]?.text ?? '') ? 1 : 0;
    const title = phraseAt(this.tokens, i + prefix, TITLE_WORDS, true);
    return title > 0 ? prefix + title : 0;
  }

  /** A title, or a qualifier that opens a segment after a comma ("…, Thường trực Ban Bí thư"). */
  segmentTitleAt(i: number): number {
    return this.titleAt(i) || phraseAt(this.tokens, i, QUALIFIERS);
  }

  /**
   * Tokens taken at `i` by words that can be part of an office or organisation name whose current
   * run of words started at `runStart`, or 0.
   */
  private continues(i: number, runStart: number): number {
    const t = this.tokens[i];
    if (!t?.word) return 0;
    const lower = phraseAt(this.tokens, i, LOWER_PHRASES);
    if (lower > 0) return lower;
    if (this.isUpper(i) || LEVEL_WORDS.has(t.text)) return 1;
    if (NAME_BREAKERS.has(t.text)) return 0;
    // The second syllable of the first capitalised word of a run: "Nội chính", "Tỉnh ủy", "Văn phòng";
    // after a run of capitals ("Nghệ An", "Việt Nam") a lower-case word is the sentence going on.
    if (this.isUpper(i - 1) && (i - 2 < runStart || !this.isUpper(i - 2) || ABBREVIATION.test(this.tokens[i - 2]?.text ?? ''))) {
      const allowed = SECOND_SYLLABLES.get(this.tokens[i - 1]?.text ?? '');
      if (!allowed || allowed.has(t.text)) return 1;
    }
    return this.lowerRunToLevel(i);
  }

  /** A few lower-case words that lead to an administrative level: "Cục Thi hành án dân sự tỉnh". */
  private lowerRunToLevel(i: number): number {
    for (let k = i; k < i + MAX_LOWER_RUN; k++) {
      const t = this.tokens[k];
      if (!t?.word || this.isUpper(k) || NAME_BREAKERS.has(t.text)) return 0;
      if (LEVEL_WORDS.has(t.text)) return k - i;
    }
    return 0;
  }

  headAt(i: number): number {
    return phraseAt(this.tokens, i, HEAD_WORDS, true);
  }

  /** End (exclusive) of a name that goes on from `i`: stops at persons, new titles and ordinary words. */
  extendName(i: number, limit = MAX_SEGMENT_WORDS): number {
    let j = i;
    let runStart = i;
    while (j - i < limit) {
      const t = this.tokens[j];
      if (!t?.word || this.personAt(j) > 0 || this.titleAt(j) > 0) break;
      if (NAME_CONJUNCTIONS.has(t.text)) {
        // "Sở Giáo dục và Đào tạo" goes on; "UBND tỉnh và Đảng ủy Khối" is two organisations.
        const next = j + 1;
        if (!this.isUpper(next) || this.personAt(next) > 0 || this.titleAt(next) > 0 || this.headAt(next) > 0) break;
        if (phraseAt(this.tokens, next, DOCUMENT_TYPE_WORDS, true) > 0) break;
        j++;
        continue;
      }
      const head = this.headAt(j);
      if (head > 0) {
        // A body inside the name ("Trưởng Ban Tổ chức"): what follows it starts a new run of capitals.
        j += head;
        runStart = j;
        continue;
      }
      const taken = this.continues(j, runStart);
      if (taken === 0) break;
      j += taken;
    }
    while (j > i && TRAILING_TRIM.has(this.tokens[j - 1]?.text ?? '')) j--;
    return j;
  }

  /** One role segment at `i`: a title and the office it is held in. End (exclusive), or 0. */
  segmentAt(i: number, first: boolean): number {
    const title = first ? this.titleAt(i) : this.segmentTitleAt(i);
    if (title === 0) return 0;
    const body = phraseAt(this.tokens, i + title, GENERIC_BODY_WORDS);
    if (body > 0) return i + title + body;
    return this.extendName(i + title);
  }

  /** Comma-separated role segments from `i`: "Tỉnh ủy viên, Bí thư Đảng ủy". End (exclusive), or 0. */
  roleFrom(i: number): number {
    let end = this.segmentAt(i, true);
    if (end === 0) return 0;
    while (this.tokens[end]?.text === ',' && this.personAt(end + 1) === 0) {
      const next = this.segmentAt(end + 1, false);
      if (next === 0) break;
      end = next;
    }
    return end;
  }

  /** A role written before a name ending at `last` (inclusive): "Phó Bí thư Thường trực Tỉnh ủy Lê Văn Dũng". */
  roleEndingAt(last: number): number | undefined {
    // Back to the clause start (at most 20 words); the forward parse decides exactly where the role starts.
    let first = last;
    while (first - 1 >= 0 && this.tokens[first - 1]?.word && last - first < 20) first--;
    for (let t = first; t <= last; t++) {
      if (this.titleAt(t) > 0 && this.roleFrom(t) === last + 1) return t;
    }
    return undefined;
  }

  text(from: number, to: number, source: string): string {
    const a = this.tokens[from];
    const b = this.tokens[to - 1];
    return a && b ? source.slice(a.start, b.end) : '';
  }

  /** Skips an honorific ending at `i` ("đồng chí", "ông") going backwards; returns the index before it. */
  skipHonorificBack(i: number): number {
    for (const length of [3, 2, 1]) {
      const start = i - length + 1;
      if (start >= 0 && phraseAt(this.tokens, start, HONORIFIC_WORDS) === length) return start - 1;
    }
    return i;
  }

  private positions: Map<string, number[]> | undefined;

  /** All starts of `name` in the text (positions of the first words of known people, indexed on first use). */
  occurrences(name: string): number[] {
    if (!this.positions) {
      const positions = new Map<string, number[]>();
      const { tokens } = this;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] as Token;
        if (!t.word || !this.startsPerson(i)) continue;
        const list = positions.get(t.text);
        if (list) list.push(i);
        else positions.set(t.text, [i]);
      }
      this.positions = positions;
    }
    const first = name.split(' ')[0] ?? '';
    const starts = this.people.has(first) ? (this.positions.get(first) ?? []) : this.tokens.flatMap((t, i) => (t.word && t.text === first ? [i] : []));
    const words = byLengthDesc([name]);
    return starts.filter((i) => phraseAt(this.tokens, i, words) > 0);
  }
}

export interface Entities {
  roles: Record<string, string>;
  organizations: string[];
}

/** Roles and organisations in one pass over the words. */
export function extractEntities(text: string, people: string[]): Entities {
  const scan = new Scanner(tokenize(text), people);
  return { roles: rolesIn(scan, text, people), organizations: organizationsIn(scan, text) };
}

/**
 * The role stated next to each person, as written, up to where the sentence goes on. A person whose
 * text states no role is absent. The first mention with a role wins.
 */
function rolesIn(scan: Scanner, text: string, people: string[]): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const person of people) {
    const length = person.split(' ').length;
    for (const start of scan.occurrences(person)) {
      const role = roleAfter(scan, start + length, text) ?? roleBefore(scan, start, text);
      if (role) {
        roles[person] = role;
        break;
      }
    }
  }
  return roles;
}

function roleAfter(scan: Scanner, i: number, text: string): string | undefined {
  const { tokens } = scan;
  if (!SEPARATORS_AFTER_NAME.has(tokens[i]?.text ?? '')) return undefined;
  const end = scan.roleFrom(i + 1);
  return end > 0 ? scan.text(i + 1, end, text) : undefined;
}

function roleBefore(scan: Scanner, start: number, text: string): string | undefined {
  const { tokens } = scan;
  let k = scan.skipHonorificBack(start - 1);
  if (SEPARATORS_BEFORE_NAME.has(tokens[k]?.text ?? '')) {
    // "ROLE - NAME" always; "ROLE, ông NAME" only with the honorific (a bare comma separates list items).
    if (tokens[k]?.text !== ',' || k !== start - 1) k--;
    else return undefined;
  }
  if (k < 0) return undefined;
  const first = scan.roleEndingAt(k);
  return first === undefined ? undefined : scan.text(first, k + 1, text);
}

/** Named organisations, longest name as written, in order of first mention. */
function organizationsIn(scan: Scanner, text: string): string[] {
  const { tokens } = scan;
  const found = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    // Only a word that starts a person, a title or a head matters here: one lookup rules out the rest.
    const word = tokens[i]?.text ?? '';
    if (!(SCAN_START_SHAPES[shapeOf(word)] === 1 && ORGANIZATION_SCAN_STARTS.has(word)) && !scan.startsPerson(i)) continue;
    // A person or a title is not an organisation, though "Đoàn Minh Khang" and "Tỉnh ủy viên" start like one.
    const skip = scan.personAt(i) || scan.titleAt(i);
    if (skip > 0) {
      i += skip - 1;
      continue;
    }
    const head = scan.headAt(i);
    if (head === 0) continue;
    const end = scan.extendName(i + head);
    const name = scan.text(i, end, text);
    const next = i + head;
    const qualified = end > next && (scan.isUpper(next) || LEVEL_WORDS.has(tokens[next]?.text ?? '') || head > 1);
    if (qualified || (end === next && STANDALONE_ORGANIZATIONS.has(name))) {
      // "Văn Phòng Tỉnh ủy" and "Văn phòng Tỉnh ủy" are one organisation: keep the first writing.
      if (!found.has(name.toLowerCase())) found.set(name.toLowerCase(), name);
      i = end - 1;
    }
  }
  return [...found.values()];
}
