import {
  DOCUMENT_TYPES, GENERIC_BODIES, HONORIFICS, LEVEL_WORDS, NAME_BREAKERS, NAME_CONJUNCTIONS, NAME_LOWER_PHRASES, ORGANIZATION_HEADS,
  QUALIFIER_TITLES, SECOND_SYLLABLES, STANDALONE_ORGANIZATIONS, TITLE_PREFIXES, TITLES,
} from './offices.ts';
import { FNV_OFFSET, FNV_PRIME } from '../text/fnv.ts';
import { isPatternSpace, LOWER_UNITS, lowerCase, startsWithCapital, TABLED_CODES } from '../text/tokenize.ts';
import { byCodeUnits, hashOf, SHAPE_ALL_UPPER, SHAPE_FIRST_UPPER, shapeOf, WordTable, writtenWords, type WrittenWords } from '../text/written-words.ts';
import { isPlaceWord, PLACE_WORDS } from './people.ts';

/**
 * Roles and organisations in Vietnamese news prose, read from the words around names. Names of
 * offices follow a regular shape — a title or head ("Phó Bí thư", "Ban"), then capitalised words,
 * their lower-case second syllables ("Nội chính") and administrative levels ("tỉnh") — and end where
 * the sentence goes on with an ordinary word ("cho biết", "chủ trì").
 */

/** A token is a word (starting with a capital letter or not), a line break or a single punctuation mark. */
const WORD = 1;
const UPPER = 2;
/** A word of two or more capitals (`/^\p{Lu}{2,}$/u`). */
const ABBREVIATION = 4;

/**
 * The tokens of a text, by index: out of range, a token reads as no word with empty text. Each has
 * the FNV-1a hash of its text, its id among the known people's first words and, once asked, its id
 * in LEXICON: what a word is to the scan (a title's first word, a level…) is read from tables by id,
 * and no token's text is made a string unless the scan needs it.
 */
interface Tokens {
  readonly length: number;
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly hashes: Int32Array;
  /** Each token's LEXICON id + 2, found when first asked (0: not yet). */
  readonly lexicon: Int32Array;
  /** Each token's id among the first words of the known people + 1 (0: none). */
  readonly persons: Int32Array;
  /** WORD, UPPER and ABBREVIATION bits. */
  readonly kinds: Uint8Array;
  /** The tokens that start a title (or its prefix), an organisation head or a known person, in order. */
  readonly starters: Int32Array;
  readonly starterCount: number;
}

const MAX_SEGMENT_WORDS = 14;

/**
 * Words (letters, digits, marks; "KT-XH" is one word), line breaks and single punctuation marks, read
 * from the text's words: a word is one of them, or several joined by single hyphens; between words,
 * each code unit but a space is a token of its own.
 */
function tokenize(text: string, words: WrittenWords, people: KnownPeople): Tokens {
  const { starts: wordStarts, ends: wordEnds, hashes: wordHashes } = words;
  // Tokens are at most the code units. The columns of a text's tokens are written over those of the
  // last text's (no token outlives extractEntities); a long text's get a buffer of their own, no
  // larger than its words and the code units between them need.
  let size = text.length + 1;
  let buffer: ArrayBuffer;
  if (size <= SCRATCH_TOKENS) buffer = scratch ??= new ArrayBuffer(SCRATCH_TOKENS * TOKEN_BYTES);
  else {
    for (let w = 0; w < words.length; w++) size -= (wordEnds[w] ?? 0) - (wordStarts[w] ?? 0) - 1;
    buffer = new ArrayBuffer(size * TOKEN_BYTES);
  }
  const starts = new Int32Array(buffer, 0, size);
  const ends = new Int32Array(buffer, size * 4, size);
  const hashes = new Int32Array(buffer, size * 8, size);
  const lexicon = new Int32Array(buffer, size * 12, size);
  const persons = new Int32Array(buffer, size * 16, size);
  const starters = new Int32Array(buffer, size * 20, size);
  const kinds = new Uint8Array(buffer, size * 24, size);
  const { first, capitalsOnly } = people;
  let n = 0;
  let starterCount = 0;
  let read = 0;
  for (let w = 0; w <= words.length; w++) {
    const start = w < words.length ? (wordStarts[w] ?? 0) : text.length;
    // The code units before the word (most often one space).
    for (let k = read; k < start; k++) {
      const code = text.charCodeAt(k);
      if (code === 0x20 || (code !== 0x0a && isPatternSpace(code))) continue;
      const hash = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
      starts[n] = k;
      ends[n] = k + 1;
      hashes[n] = hash;
      lexicon[n] = 0;
      kinds[n] = 0;
      // A mark starts a known person only when one's name starts so, and not with a capital.
      const person = capitalsOnly ? 0 : first.find(hash, text, k, k + 1) + 1;
      persons[n] = person;
      if (person > 0) starters[starterCount++] = n;
      n++;
    }
    if (w === words.length) break;
    let last = w;
    let end = wordEnds[w] ?? 0;
    while (last + 1 < words.length && text.charCodeAt(end) === 0x2d && wordStarts[last + 1] === end + 1) end = wordEnds[++last] ?? 0;
    const shape = shapeOf(words, w);
    const hash = last === w ? (wordHashes[w] ?? 0) : hashOf(text, start, end);
    const upper = (shape & SHAPE_FIRST_UPPER) !== 0;
    starts[n] = start;
    ends[n] = end;
    hashes[n] = hash;
    lexicon[n] = 0;
    kinds[n] = WORD | (upper ? UPPER : 0) | (last === w && (shape & SHAPE_ALL_UPPER) !== 0 && end - start >= 2 ? ABBREVIATION : 0);
    const person = first.find(hash, text, start, end) + 1;
    persons[n] = person;
    if ((person > 0 && (upper || !capitalsOnly)) || SCAN_STARTS.find(hash, text, start, end) >= 0) starters[starterCount++] = n;
    n++;
    read = end;
    w = last;
  }
  return { length: n, text, starts, ends, hashes, lexicon, persons, kinds, starters, starterCount };
}

/** Bytes of a token's columns, and the most tokens whose columns are kept from one text to the next. */
const TOKEN_BYTES = 25;
const SCRATCH_TOKENS = 1 << 14;
let scratch: ArrayBuffer | undefined;

/** The known people's names as phrases by first word, and those first words. */
class KnownPeople {
  readonly phrases: Phrases;
  readonly first: WordTable;
  readonly groups: ReadonlyArray<readonly Phrase[]>;
  /** Every known person's name starts with a capital (nearly always): only capitalised words can start one. */
  readonly capitalsOnly: boolean;

  constructor(people: string[]) {
    // Names are matched as written: their words are not lower-cased.
    this.phrases = byLengthDesc(people, false);
    this.first = new WordTable(this.phrases.keys());
    this.groups = this.first.words.map((word) => this.phrases.get(word) ?? []);
    this.capitalsOnly = [...this.phrases.keys()].every(startsWithCapital);
  }
}

/** A phrase split into words, and the words lower-cased (for matching in any case after the first). */
interface Phrase {
  readonly words: readonly string[];
  readonly lower: readonly string[];
}
/** Phrases grouped by first word (matched exactly), longest first within a group. */
type Phrases = ReadonlyMap<string, readonly Phrase[]>;
function byLengthDesc(list: readonly string[], lowered = true): Phrases {
  const groups = new Map<string, Phrase[]>();
  for (const phrase of list) {
    const words = phrase.split(' ');
    const group = groups.get(words[0] ?? '') ?? [];
    group.push({ words, lower: lowered ? words.map(lowerCase) : [] });
    groups.set(words[0] ?? '', group);
  }
  for (const group of groups.values()) if (group.length > 1) group.sort((a, b) => b.words.length - a.words.length);
  return groups;
}

/** The phrase lists, by index. */
const TITLE_WORDS = 0;
const HEAD_WORDS = 1;
const HONORIFIC_WORDS = 2;
const LOWER_PHRASES = 3;
const DOCUMENT_TYPE_WORDS = 4;
const QUALIFIERS = 5;
const GENERIC_BODY_WORDS = 6;
const PHRASES: readonly Phrases[] = [
  byLengthDesc(TITLES),
  byLengthDesc(ORGANIZATION_HEADS),
  byLengthDesc([...HONORIFICS]),
  byLengthDesc(NAME_LOWER_PHRASES),
  byLengthDesc(DOCUMENT_TYPES),
  byLengthDesc(QUALIFIER_TITLES),
  byLengthDesc(GENERIC_BODIES),
];

/** What a word is to the scan, as bits. */
const SCAN_START = 1;
const TITLE_PREFIX = 2;
const LEVEL = 4;
const NAME_BREAKER = 8;
const NAME_CONJUNCTION = 16;
const TRAILING_TRIM = 32;
const PLACE_WORD = 64;
const SEPARATOR_AFTER_NAME = 128;
const SEPARATOR_BEFORE_NAME = 256;
const HAS_SECOND_SYLLABLES = 512;
const WORD_BITS = new Map<string, number>();
const mark = (words: Iterable<string>, bit: number): void => {
  for (const word of words) WORD_BITS.set(word, (WORD_BITS.get(word) ?? 0) | bit);
};
// First words of titles (or their prefixes) and of organisation heads.
mark([...TITLE_PREFIXES, ...(PHRASES[TITLE_WORDS]?.keys() ?? []), ...(PHRASES[HEAD_WORDS]?.keys() ?? [])], SCAN_START);
mark(TITLE_PREFIXES, TITLE_PREFIX);
mark(LEVEL_WORDS, LEVEL);
mark(NAME_BREAKERS, NAME_BREAKER);
mark(NAME_CONJUNCTIONS, NAME_CONJUNCTION);
mark(['và', 'các', 'cơ'], TRAILING_TRIM);
mark([...PLACE_WORDS].filter(isPlaceWord), PLACE_WORD);
mark(['-', '–', '—', ',', '('], SEPARATOR_AFTER_NAME);
mark(['-', '–', '—', ','], SEPARATOR_BEFORE_NAME);
mark(SECOND_SYLLABLES.keys(), HAS_SECOND_SYLLABLES);

/** Every word the scan knows: those with bits and the first words of the phrases. */
const LEXICON = new WordTable([...WORD_BITS.keys(), ...PHRASES.flatMap((phrases) => [...phrases.keys()])]);
/** By LEXICON id: the word's bits, and its group in each phrase list (null: none). */
const LEXICON_BITS = Int32Array.from(LEXICON.words, (word) => WORD_BITS.get(word) ?? 0);
const LEXICON_GROUPS: ReadonlyArray<ReadonlyArray<readonly Phrase[] | null>> = PHRASES.map((phrases) => LEXICON.words.map((word) => phrases.get(word) ?? null));
/** The words of SCAN_START alone: the organisation scan asks every token whether it is one. */
const SCAN_STARTS = new WordTable([...WORD_BITS].filter(([, bits]) => (bits & SCAN_START) !== 0).map(([word]) => word));

/** A run of lower-case words inside a name must reach an administrative level within this many words. */
const MAX_LOWER_RUN = 4;

class Scanner {
  private readonly text: string;
  private readonly lexicon: Int32Array;
  private readonly persons: Int32Array;

  constructor(
    readonly tokens: Tokens,
    private readonly people: KnownPeople,
  ) {
    this.text = tokens.text;
    this.lexicon = tokens.lexicon;
    this.persons = tokens.persons;
  }

  /** Token `i`'s text ('' out of range). */
  at(i: number): string {
    return i >= 0 && i < this.tokens.length ? this.text.slice(this.tokens.starts[i], this.tokens.ends[i]) : '';
  }

  /** Whether token `i` is the single code unit `code`. */
  isMark(i: number, code: number): boolean {
    return i >= 0 && i < this.tokens.length && (this.tokens.kinds[i] ?? 0) === 0 && this.text.charCodeAt(this.tokens.starts[i] ?? 0) === code;
  }

  /** Token `i`'s WORD, UPPER and ABBREVIATION bits (0 out of range: the columns may go on with another text's). */
  private kind(i: number): number {
    return i >= 0 && i < this.tokens.length ? (this.tokens.kinds[i] ?? 0) : 0;
  }

  isWord(i: number): boolean {
    return (this.kind(i) & WORD) !== 0;
  }

  isUpper(i: number): boolean {
    return (this.kind(i) & UPPER) !== 0;
  }

  /** Token `i`'s LEXICON id, or -1 (out of range too). */
  private lexiconId(i: number): number {
    if (!(i >= 0 && i < this.tokens.length)) return -1;
    const known = this.lexicon[i] ?? 0;
    if (known !== 0) return known - 2;
    const id = LEXICON.find(this.tokens.hashes[i] ?? 0, this.text, this.tokens.starts[i] ?? 0, this.tokens.ends[i] ?? 0);
    this.lexicon[i] = id + 2;
    return id;
  }

  /** Whether token `i` (any; none out of range) is any of the words of `bit`. */
  is(i: number, bit: number): boolean {
    const id = this.lexiconId(i);
    return id >= 0 && ((LEXICON_BITS[id] ?? 0) & bit) !== 0;
  }


  /**
   * Length in tokens of the longest phrase of list `list` starting at `i`, or 0. With `relaxed`, words
   * after the first match in any case: scraped pages write "Văn Phòng Tỉnh ủy" as often as "Văn phòng Tỉnh ủy".
   */
  phraseAt(i: number, list: number, relaxed = false): number {
    if (!this.isWord(i)) return 0;
    const id = this.lexiconId(i);
    const group = id < 0 ? null : (LEXICON_GROUPS[list]?.[id] ?? null);
    return group === null ? 0 : this.longest(i, group, relaxed);
  }

  /** Length in tokens of the longest of `group` (phrases starting with word token `i`'s text) written at `i`, or 0. */
  private longest(i: number, group: readonly Phrase[], relaxed: boolean): number {
    for (let p = 0; p < group.length; p++) {
      const phrase = group[p] as Phrase;
      const { words } = phrase;
      let k = 1;
      while (k < words.length && this.isWord(i + k) && this.sameWord(i + k, phrase, k, relaxed)) k++;
      if (k === words.length) return k;
    }
    return 0;
  }

  /** Whether word token `i` is word `k` of `phrase` (with `relaxed`, in any case). */
  private sameWord(i: number, phrase: Phrase, k: number, relaxed: boolean): boolean {
    const { text } = this;
    const start = this.tokens.starts[i] ?? 0;
    const size = (this.tokens.ends[i] ?? 0) - start;
    const word = phrase.words[k] ?? '';
    if (word.length === size) {
      let u = 0;
      while (u < size && text.charCodeAt(start + u) === word.charCodeAt(u)) u++;
      if (u === size) return true;
    }
    if (!relaxed) return false;
    // Lower-cased unit by unit in place, unless a unit lower-cases to no single one of the table.
    const lower = phrase.lower[k] ?? '';
    if (lower.length !== size) return sameLowerCase(this.at(i), lower);
    for (let u = 0; u < size; u++) {
      const code = text.charCodeAt(start + u);
      const unit = code < TABLED_CODES ? (LOWER_UNITS[code] ?? 0) : 0;
      if (unit === 0) return sameLowerCase(this.at(i), lower);
      if (unit !== lower.charCodeAt(u)) return false;
    }
    return true;
  }

  /** A known person's name at `i`, unless the words before make it a place ("Thành phố Hồ Chí Minh"). */
  personAt(i: number): number {
    if (!this.isWord(i)) return 0;
    const person = this.persons[i] ?? 0;
    const length = person === 0 ? 0 : this.longest(i, this.people.groups[person - 1] ?? [], false);
    return length > 0 && this.is(i - 1, PLACE_WORD) ? 0 : length;
  }

  /** Tokens taken by a title at `i` ("nguyên Phó Bí thư"), or 0. */
  titleAt(i: number): number {
    const prefix = this.is(i, TITLE_PREFIX) ? 1 : 0;
    const title = this.phraseAt(i + prefix, TITLE_WORDS, true);
    return title > 0 ? prefix + title : 0;
  }

  /** A title, or a qualifier that opens a segment after a comma ("…, Thường trực Ban Bí thư"). */
  segmentTitleAt(i: number): number {
    return this.titleAt(i) || this.phraseAt(i, QUALIFIERS);
  }

  /**
   * Tokens taken at `i` by words that can be part of an office or organisation name whose current
   * run of words started at `runStart`, or 0.
   */
  private continues(i: number, runStart: number): number {
    if (!this.isWord(i)) return 0;
    const lower = this.phraseAt(i, LOWER_PHRASES);
    if (lower > 0) return lower;
    if (this.isUpper(i) || this.is(i, LEVEL)) return 1;
    if (this.is(i, NAME_BREAKER)) return 0;
    // The second syllable of the first capitalised word of a run: "Nội chính", "Tỉnh ủy", "Văn phòng";
    // after a run of capitals ("Nghệ An", "Việt Nam") a lower-case word is the sentence going on.
    if (this.isUpper(i - 1) && (i - 2 < runStart || !this.isUpper(i - 2) || (this.kind(i - 2) & ABBREVIATION) !== 0)) {
      const allowed = this.is(i - 1, HAS_SECOND_SYLLABLES) ? SECOND_SYLLABLES.get(this.at(i - 1)) : undefined;
      if (!allowed || allowed.has(this.at(i))) return 1;
    }
    return this.lowerRunToLevel(i);
  }

  /** A few lower-case words that lead to an administrative level: "Cục Thi hành án dân sự tỉnh". */
  private lowerRunToLevel(i: number): number {
    for (let k = i; k < i + MAX_LOWER_RUN; k++) {
      if (!this.isWord(k) || this.isUpper(k) || this.is(k, NAME_BREAKER)) return 0;
      if (this.is(k, LEVEL)) return k - i;
    }
    return 0;
  }

  headAt(i: number): number {
    return this.phraseAt(i, HEAD_WORDS, true);
  }

  /** End (exclusive) of a name that goes on from `i`: stops at persons, new titles and ordinary words. */
  extendName(i: number, limit = MAX_SEGMENT_WORDS): number {
    let j = i;
    let runStart = i;
    while (j - i < limit) {
      if (!this.isWord(j) || this.personAt(j) > 0 || this.titleAt(j) > 0) break;
      if (this.is(j, NAME_CONJUNCTION)) {
        // "Sở Giáo dục và Đào tạo" goes on; "UBND tỉnh và Đảng ủy Khối" is two organisations.
        const next = j + 1;
        if (!this.isUpper(next) || this.personAt(next) > 0 || this.titleAt(next) > 0 || this.headAt(next) > 0) break;
        if (this.phraseAt(next, DOCUMENT_TYPE_WORDS, true) > 0) break;
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
    while (j > i && this.is(j - 1, TRAILING_TRIM)) j--;
    return j;
  }

  /** One role segment at `i`: a title and the office it is held in. End (exclusive), or 0. */
  segmentAt(i: number, first: boolean): number {
    const title = first ? this.titleAt(i) : this.segmentTitleAt(i);
    if (title === 0) return 0;
    const body = this.phraseAt(i + title, GENERIC_BODY_WORDS);
    if (body > 0) return i + title + body;
    return this.extendName(i + title);
  }

  /** Comma-separated role segments from `i`: "Tỉnh ủy viên, Bí thư Đảng ủy". End (exclusive), or 0. */
  roleFrom(i: number): number {
    let end = this.segmentAt(i, true);
    if (end === 0) return 0;
    while (this.isMark(end, COMMA) && this.personAt(end + 1) === 0) {
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
    while (first - 1 >= 0 && this.isWord(first - 1) && last - first < 20) first--;
    for (let t = first; t <= last; t++) {
      if (this.titleAt(t) > 0 && this.roleFrom(t) === last + 1) return t;
    }
    return undefined;
  }

  textOf(from: number, to: number): string {
    const { length, starts, ends } = this.tokens;
    return from >= 0 && from < length && to - 1 >= 0 && to - 1 < length ? this.text.slice(starts[from], ends[to - 1]) : '';
  }

  /** Skips an honorific ending at `i` ("đồng chí", "ông") going backwards; returns the index before it. */
  skipHonorificBack(i: number): number {
    for (let length = 3; length >= 1; length--) {
      const start = i - length + 1;
      if (start >= 0 && this.phraseAt(start, HONORIFIC_WORDS) === length) return start - 1;
    }
    return i;
  }

  private positions: Map<number, number[]> | undefined;

  /** All starts of `name` in the text (positions of the first words of known people, indexed on first use). */
  occurrences(name: string): number[] {
    if (!this.positions) {
      const positions = new Map<number, number[]>();
      const { starters, starterCount } = this.tokens;
      for (let s = 0; s < starterCount; s++) {
        const i = starters[s] ?? 0;
        const person = this.persons[i] ?? 0;
        if (person === 0 || !this.isWord(i) || (this.people.capitalsOnly && !this.isUpper(i))) continue;
        const list = positions.get(person);
        if (list) list.push(i);
        else positions.set(person, [i]);
      }
      this.positions = positions;
    }
    const words = name.split(' ');
    const first = words[0] ?? '';
    const person = this.people.first.find(hashOf(first, 0, first.length), first, 0, first.length) + 1;
    const starts = person > 0 ? (this.positions.get(person) ?? []) : this.wordsSpelled(first);
    const phrase: Phrase = { words, lower: [] };
    return starts.filter((i) => this.matches(i, phrase));
  }

  /** Whether `phrase` is written at word token `i` (case as written). */
  private matches(i: number, phrase: Phrase): boolean {
    for (let k = 0; k < phrase.words.length; k++) if (!this.isWord(i + k) || !this.sameWord(i + k, phrase, k, false)) return false;
    return true;
  }

  /** Positions of the words spelled `spelling`. */
  private wordsSpelled(spelling: string): number[] {
    const found: number[] = [];
    for (let i = 0; i < this.tokens.length; i++) if (this.isWord(i) && this.at(i) === spelling) found.push(i);
    return found;
  }
}

const COMMA = 0x2c;

/** `lowerCase(word) === lower`. */
function sameLowerCase(word: string, lower: string): boolean {
  return lowerCase(word) === lower;
}

export interface Entities {
  roles: Record<string, string>;
  organizations: string[];
}

/**
 * Roles and organisations in one pass over the words. `words` are the text's words when another
 * reader has found them already.
 */
export function extractEntities(text: string, people: string[], words: WrittenWords = writtenWords(text)): Entities {
  const known = new KnownPeople(people);
  const scan = new Scanner(tokenize(text, byCodeUnits(words), known), known);
  return { roles: rolesIn(scan, people), organizations: organizationsIn(scan) };
}

/**
 * The role stated next to each person, as written, up to where the sentence goes on. A person whose
 * text states no role is absent. The first mention with a role wins.
 */
function rolesIn(scan: Scanner, people: string[]): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const person of people) {
    const length = person.split(' ').length;
    for (const start of scan.occurrences(person)) {
      const role = roleAfter(scan, start + length) ?? roleBefore(scan, start);
      if (role) {
        roles[person] = role;
        break;
      }
    }
  }
  return roles;
}

function roleAfter(scan: Scanner, i: number): string | undefined {
  if (!scan.is(i, SEPARATOR_AFTER_NAME)) return undefined;
  const end = scan.roleFrom(i + 1);
  return end > 0 ? scan.textOf(i + 1, end) : undefined;
}

function roleBefore(scan: Scanner, start: number): string | undefined {
  let k = scan.skipHonorificBack(start - 1);
  if (scan.is(k, SEPARATOR_BEFORE_NAME)) {
    // "ROLE - NAME" always; "ROLE, ông NAME" only with the honorific (a bare comma separates list items).
    if (!scan.isMark(k, COMMA) || k !== start - 1) k--;
    else return undefined;
  }
  if (k < 0) return undefined;
  const first = scan.roleEndingAt(k);
  return first === undefined ? undefined : scan.textOf(first, k + 1);
}

/** Named organisations, longest name as written, in order of first mention. */
function organizationsIn(scan: Scanner): string[] {
  const found = new Map<string, string>();
  // Only a word that starts a person, a title or a head matters here: the tokens list them.
  const { starters, starterCount } = scan.tokens;
  let from = 0;
  for (let s = 0; s < starterCount; s++) {
    const i = starters[s] ?? 0;
    if (i < from) continue;
    from = i + 1;
    // A person or a title is not an organisation, though "Đoàn Minh Khang" and "Tỉnh ủy viên" start like one.
    const skip = scan.personAt(i) || scan.titleAt(i);
    if (skip > 0) {
      from = i + skip;
      continue;
    }
    const head = scan.headAt(i);
    if (head === 0) continue;
    const end = scan.extendName(i + head);
    const name = scan.textOf(i, end);
    const next = i + head;
    const qualified = end > next && (scan.isUpper(next) || scan.is(next, LEVEL) || head > 1);
    if (qualified || (end === next && STANDALONE_ORGANIZATIONS.has(name))) {
      // "Văn Phòng Tỉnh ủy" and "Văn phòng Tỉnh ủy" are one organisation: keep the first writing.
      if (!found.has(name.toLowerCase())) found.set(name.toLowerCase(), name);
      from = end;
    }
  }
  return [...found.values()];
}
