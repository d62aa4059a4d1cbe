import { fnv1a } from '../text/fnv.ts';
import { WORD_AFTER_CLAUSE_BREAK, WORD_CAPITALISED, WORD_HAS_DIGIT, wordStream, type WordStream } from '../text/word-stream.ts';
import { WordTable } from '../text/written-words.ts';

/** Reading speed used for `readingMinutes`: a common figure for news prose, in words per minute. */
export const WORDS_PER_MINUTE = 200;
export const SUMMARY_MAX_CHARS = 400;
/** A summary stops adding sentences once it is this long. */
const SUMMARY_TARGET_CHARS = 200;
export const MAX_KEYWORDS = 8;
/** Keywords come from the opening of long texts: what an article is about shows early. */
export const KEYWORD_SCAN_CHARS = 200_000;

export function readingMinutes(wordCount: number): number {
  return wordCount === 0 ? 0 : Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}

const SENTENCE_END = /(?<=[.!?…])\s+(?=[\p{Lu}\p{N}"“(])/u;

/**
 * The lead when the article has one, else its first sentences, whole sentences up to about 200
 * characters and never more than 400; a single longer sentence is cut at a word with "…".
 */
export function summarize(lead: string | null, paragraphs: string[]): string | null {
  const source = lead ?? paragraphs.find((p) => p.trim().length > 0) ?? null;
  if (!source) return null;
  let summary = '';
  for (const sentence of source.split(SENTENCE_END)) {
    const next = summary ? `${summary} ${sentence}` : sentence;
    if (next.length > SUMMARY_MAX_CHARS) break;
    summary = next;
    if (summary.length >= SUMMARY_TARGET_CHARS) break;
  }
  if (summary) return summary;
  const cut = source.slice(0, SUMMARY_MAX_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

// Function words and very common syllables, exactly as written (folding would merge "thứ" with "thủ"):
// they never make a keyword on their own or at a phrase's edge. Tables found by the spellings' hashes
// the word stream has already: a text's words are new strings each time, and a set would hash each.
const STOP_VI = new WordTable(`
và của các là có những được trong cho với một này đã không đến tại về để thì trên như cũng theo từ năm ngày khi sẽ ra
làm đó nhiều hơn lại vào còn rất nên mà vì do bị đang chỉ đều hay hoặc nếu phải qua sau trước đây đi lên nào gì ai mình
họ chúng ta tôi việc tháng số thứ lần nhất hết luôn vẫn thêm tiếp mới nhằm bằng từng đồng thời ông bà anh chị em ở
cao ngoài dưới giữa đầu cuối gần xa vừa đồng chí cho biết tham dự phát biểu the and
`.trim().split(/\s+/));
const STOP_EN = new WordTable(`
the and of to in is that for it with as was on are be by this at from or an have has not but which were their its will
they been would a i you he she we his her our your them there these those than then so if into about more also can
could should may might one two all any each other such no only over after before new said says every what when
where who how same most very just like through while because many much some what
`.trim().split(/\s+/));

/** Candidates ranked before the containment and overlap checks: far more than the keywords kept. */
const CANDIDATES = 64;

/**
 * What a text is about, as the phrases it repeats most: syllable n-grams (2–4 syllables) for
 * Vietnamese, where words span syllables ("cải cách hành chính"), single words and pairs for other
 * languages. Phrases never cross punctuation or numbers, never start or end on a function word, and
 * never include names; a phrase inside a longer one that is as frequent gives way to it. Lower case;
 * ties keep text order.
 */
export function extractKeywords(text: string, language: string, max = MAX_KEYWORDS): string[] {
  return keywordsOfWords([wordStream(text.length > KEYWORD_SCAN_CHARS ? text.slice(0, KEYWORD_SCAN_CHARS) : text)], language, max);
}

/**
 * Texts of up to this many words (an article's) have their keywords counted in the buffers below,
 * reused from call to call: each typed array of more than a few bytes is an allocation outside the
 * heap, and a call made about ten of them. Longer texts get buffers of their own, so nothing large
 * stays allocated.
 */
const SCRATCH_LENGTH = 1 << 12;
const scratch = {
  ids: new Int32Array(SCRATCH_LENGTH),
  blocked: new Uint8Array(SCRATCH_LENGTH),
  unusable: new Uint8Array(SCRATCH_LENGTH),
  atPosition: new Int32Array(SCRATCH_LENGTH),
  live: new Int32Array(SCRATCH_LENGTH),
  unigrams: new Int32Array(SCRATCH_LENGTH),
  hashes: new Int32Array(SCRATCH_LENGTH),
  ranks: new Float64Array(SCRATCH_LENGTH),
  /** The heap of the best ranks, and the candidates' keys and their sorted copy (at most CANDIDATES each). */
  best: new Float64Array(CANDIDATES),
  keys: new Float64Array(CANDIDATES),
  sortedKeys: new Float64Array(CANDIDATES),
  gramColumns: columns(SCRATCH_LENGTH),
  /** Room for the slot table of a GramTable for up to SCRATCH_LENGTH grams, as its constructor sizes it. */
  slots: new Int32Array(2 * SCRATCH_LENGTH),
};

/**
 * `extractKeywords(parts joined by line breaks)` from the parts' words, found once for every step
 * (the title's and the body's). The parts together must not pass KEYWORD_SCAN_CHARS characters.
 */
export function keywordsOfWords(parts: readonly WordStream[], language: string, max = MAX_KEYWORDS): string[] {
  // Loops over indices, and no array destructuring, here and in what TurboFan inlines into it: each
  // for-of, and each destructuring of an array, is an iterator run in a try/finally, and TurboFan
  // compiled every one into this function: 186 → 136 M instructions to compile it (callgrind, one
  // compile each, `process` of the 942 files).
  const vietnamese = language === 'vi';
  const stop = vietnamese ? STOP_VI : STOP_EN;
  const minN = vietnamese ? 2 : 1;
  const maxN = vietnamese ? 4 : 2;
  // Shorter English words are no keywords; every word's length is read, so the test has type
  // feedback from the first (Vietnamese) documents and an English one does not deoptimise it.
  const minLetters = vietnamese ? 0 : 3;
  const { ids, count: length, blocked, spelled, hashes } = clauseWordIds(parts);
  const unusable = spelled.length <= SCRATCH_LENGTH ? scratch.unusable.fill(0, 0, spelled.length) : new Uint8Array(spelled.length);
  for (let id = 0; id < spelled.length; id++) {
    const w = spelled[id] ?? '';
    if (stop.find(hashes[id] ?? 0, w, 0, w.length) >= 0 || w.length < minLetters) unusable[id] = 1;
  }

  // n-grams level by level (apriori: an n-gram repeats only if its first n-1 words do), each keyed
  // by its prefix's index and its last word, so no phrase string is built until the end. Grams live
  // in typed columns (prefix, last word, count, first position, length), indexed by gram number.
  const grams = new GramTable(Math.max(16, length));
  // The gram starting at each position, one level at a time: each level overwrites the one before.
  const atPosition = length <= SCRATCH_LENGTH ? scratch.atPosition : new Int32Array(length);
  // The positions whose gram of the level just counted may start a longer one, in text order: each
  // level reads only those (a level's dead positions, most of a text by the last one, are not read again).
  const live = length <= SCRATCH_LENGTH ? scratch.live : new Int32Array(length);
  let liveCount = 0;
  const unigrams = spelled.length <= SCRATCH_LENGTH ? scratch.unigrams.fill(-1, 0, spelled.length) : new Int32Array(spelled.length).fill(-1);
  for (let i = 0; i < length; i++) {
    const id = ids[i] ?? -1;
    if (id < 0 || blocked[i] || unusable[id]) continue;
    let g = unigrams[id] ?? -1;
    if (g < 0) {
      g = grams.add(-1, id, i, 1);
      unigrams[id] = g;
    }
    grams.count[g] = (grams.count[g] ?? 0) + 1;
    atPosition[i] = g;
    live[liveCount++] = i;
  }
  for (let n = 2; n <= maxN; n++) {
    // Position i's (n-1)-gram is read only to make its n-gram, so the n-gram takes its place.
    let kept = 0;
    for (let k = 0; k < liveCount; k++) {
      const i = live[k] ?? 0;
      const lastAt = i + n - 1;
      // Live positions ascend: the rest are too late to start an n-gram.
      if (lastAt >= length) break;
      const p = atPosition[i] ?? -1;
      const last = ids[lastAt] ?? -1;
      if ((grams.count[p] ?? 0) < 2 || last < 0 || blocked[lastAt]) continue;
      let g = grams.find(p, last);
      if (g < 0) g = grams.add(p, last, i, n);
      grams.count[g] = (grams.count[g] ?? 0) + 1;
      atPosition[i] = g;
      live[kept++] = i;
    }
    liveCount = kept;
  }

  // Rank by count × length, then spell out only the best candidates.
  const { count, n: lengthOf, first, prefix, last: lastOf } = grams;
  const score = (g: number): number => (count[g] ?? 0) * (lengthOf[g] ?? 0);
  // The rank as one number: count × length, then length, then the earlier first position (unique
  // per gram of a length), so the best CANDIDATES are found by comparing numbers, kept in a heap.
  const positions = length + 1;
  const rank = (g: number): number => (score(g) * 8 + (lengthOf[g] ?? 0)) * positions + (positions - 1 - (first[g] ?? 0));
  const eligible = (g: number): boolean => (count[g] ?? 0) >= 2 && (lengthOf[g] ?? 0) >= minN && !unusable[lastOf[g] ?? 0];
  // Each eligible gram's rank, found once (NaN for the others, which no comparison keeps).
  const ranks = grams.size <= SCRATCH_LENGTH ? scratch.ranks : new Float64Array(grams.size);
  const best = new TopRanks(scratch.best);
  for (let g = 0; g < grams.size; g++) {
    if (eligible(g)) {
      const r = rank(g);
      ranks[g] = r;
      best.offer(r);
    } else ranks[g] = NaN;
  }
  const lowestKept = best.lowest();
  const kept: number[] = [];
  for (let g = 0; g < grams.size; g++) if ((ranks[g] as number) >= lowestKept) kept.push(g);
  // No candidate (an empty array of another elements kind below would deoptimise the choice loop).
  if (kept.length === 0) return [];
  // Generic pairs weigh half: each kept gram's place is the number (2 × weight × 8 + length) ×
  // positions + the earlier first position, a total order (a gram's length and first position are
  // unique to it), sorted as numbers.
  // Ranks are distinct, so at most CANDIDATES grams are kept.
  const keys = scratch.keys.subarray(0, kept.length);
  const wordsOf: number[][] = [];
  for (let k = 0; k < kept.length; k++) {
    const gram = kept[k] ?? 0;
    const n = lengthOf[gram] ?? 0;
    // The words from the last back along the prefixes; the phrase is spelled only for a pair (the
    // generic phrases are pairs) and for the keywords chosen.
    const words = new Array<number>(n);
    for (let g = gram, j = n - 1; g >= 0 && j >= 0; g = prefix[g] ?? -1, j--) words[j] = lastOf[g] ?? -1;
    wordsOf.push(words);
    // The pair's string is built only when its words' hashes are those of a generic pair.
    const generic = n === 2 && GENERIC_HASHES.has(pairKey(hashes[words[0] ?? -1] ?? 0, hashes[words[1] ?? -1] ?? 0)) && GENERIC_VI.has(`${spelled[words[0] ?? -1] ?? ''} ${spelled[words[1] ?? -1] ?? ''}`);
    keys[k] = (score(gram) * (generic ? 1 : 2) * 8 + n) * positions + (positions - 1 - (first[gram] ?? 0));
  }
  // Built by push, so the array has one elements kind whatever the number of candidates (Array#map's
  // result did not, and the choice loop below was deoptimised on it).
  const ranked: Candidate[] = [];
  const order = byKeyDescending(keys, scratch.sortedKeys);
  for (let o = 0; o < order.length; o++) {
    const k = order[o] ?? 0;
    ranked.push({ words: wordsOf[k] ?? [], gram: kept[k] ?? 0, n: lengthOf[kept[k] ?? 0] ?? 0 });
  }
  // A phrase inside a longer one that is at least as frequent gives way to it ("sức khỏe điện" to
  // "sức khỏe điện tử"). Phrases are compared as word ids (one phrase, one id sequence, one gram),
  // and only for the candidates the choice below reaches.
  // Greedy, without repeats: "hồ sơ sức khỏe" makes "sức khỏe điện tử" redundant.
  const chosen: Candidate[] = [];
  for (let r = 0; r < ranked.length; r++) {
    if (chosen.length === max) break;
    const candidate = ranked[r] as Candidate;
    if (!dominated(candidate, ranked, count) && !overlapsAny(chosen, candidate.words)) chosen.push(candidate);
  }
  const keywords: string[] = [];
  for (let c = 0; c < chosen.length; c++) keywords.push(phrase((chosen[c] as Candidate).words, spelled));
  return keywords;
}

/** Whether the phrase `words` overlaps one of `chosen` (see `overlaps`). */
function overlapsAny(chosen: readonly Candidate[], words: number[]): boolean {
  for (let c = 0; c < chosen.length; c++) if (overlaps((chosen[c] as Candidate).words, words)) return true;
  return false;
}

/** The phrase of word ids `words`, spelled. */
function phrase(words: readonly number[], spelled: readonly string[]): string {
  let text = spelled[words[0] ?? -1] ?? '';
  for (let k = 1; k < words.length; k++) text += ` ${spelled[words[k] ?? -1] ?? ''}`;
  return text;
}

/** A candidate phrase: its words, its gram and its length. */
interface Candidate {
  words: number[];
  gram: number;
  n: number;
}

/**
 * Whether a longer candidate, counted at least as often, contains `sub`. A loop rather than
 * `some` with a callback: it runs for each ranked candidate against every other.
 */
function dominated(sub: Candidate, ranked: readonly Candidate[], count: Int32Array): boolean {
  const times = count[sub.gram] ?? 0;
  for (let r = 0; r < ranked.length; r++) {
    const { words, gram, n } = ranked[r] as Candidate;
    if (n > sub.n && times <= (count[gram] ?? 0) && containsRun(words, sub.words)) return true;
  }
  return false;
}

/**
 * The `size` highest numbers offered, in a min-heap: the lowest of them is the cut for the candidates,
 * found without sorting every gram's rank.
 */
class TopRanks {
  private readonly size: number;
  private filled = 0;

  /** Kept in `heap`, whose length is the count of numbers kept. */
  constructor(private readonly heap: Float64Array) {
    this.size = heap.length;
  }

  offer(value: number): void {
    const heap = this.heap;
    if (this.filled < this.size) {
      let at = this.filled++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if ((heap[parent] ?? 0) <= value) break;
        heap[at] = heap[parent] ?? 0;
        at = parent;
      }
      heap[at] = value;
      return;
    }
    if (value <= (heap[0] ?? 0)) return;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && (heap[right] ?? 0) < (heap[left] ?? 0) ? right : left;
      if ((heap[child] ?? 0) >= value) break;
      heap[at] = heap[child] ?? 0;
      at = child;
    }
    heap[at] = value;
  }

  /** The lowest number kept once `size` were offered; -Infinity while fewer were (all are kept). */
  lowest(): number {
    return this.filled < this.size ? -Infinity : (this.heap[0] ?? 0);
  }
}

/**
 * The n-grams counted so far, as columns: gram g is (prefix[g], last[g]) seen count[g] times. Grams
 * of two words or more are found by (prefix, last word) in an open-addressing table of gram numbers:
 * a prefix has one length, so one table serves every length.
 */
class GramTable {
  size = 0;
  prefix: Int32Array;
  last: Int32Array;
  count: Int32Array;
  first: Int32Array;
  n: Uint8Array;
  private slots: Int32Array;
  private placed = 0;

  constructor(capacity: number) {
    const gramColumns = capacity <= SCRATCH_LENGTH ? scratch.gramColumns : columns(capacity);
    this.prefix = gramColumns[0];
    this.last = gramColumns[1];
    this.count = gramColumns[2];
    this.first = gramColumns[3];
    this.n = gramColumns[4];
    // Room for as many grams as positions without a rehash (a text has about half as many).
    let slots = 1024;
    while (slots < capacity * 2) slots *= 2;
    this.slots = slots <= scratch.slots.length ? scratch.slots.subarray(0, slots).fill(-1) : new Int32Array(slots).fill(-1);
  }

  /** A new gram with no occurrence counted yet; its number. */
  add(prefix: number, last: number, first: number, n: number): number {
    if (this.size === this.prefix.length) this.grow();
    const g = this.size++;
    this.prefix[g] = prefix;
    this.last[g] = last;
    this.count[g] = 0;
    this.first[g] = first;
    this.n[g] = n;
    if (prefix >= 0) {
      if (++this.placed * 2 > this.slots.length) this.rehash();
      else this.place(g);
    }
    return g;
  }

  /** The gram extending gram `prefix` by word `last`, or -1. */
  find(prefix: number, last: number): number {
    const mask = this.slots.length - 1;
    for (let slot = slotOf(prefix, last) & mask; ; slot = (slot + 1) & mask) {
      const g = this.slots[slot] ?? -1;
      if (g < 0 || (this.prefix[g] === prefix && this.last[g] === last)) return g;
    }
  }

  private place(g: number): void {
    const mask = this.slots.length - 1;
    let slot = slotOf(this.prefix[g] ?? 0, this.last[g] ?? 0) & mask;
    while ((this.slots[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = g;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let g = 0; g < this.size; g++) if ((this.prefix[g] ?? -1) >= 0) this.place(g);
  }

  private grow(): void {
    const [prefix, last, count, first, n] = columns(this.prefix.length * 2);
    prefix.set(this.prefix);
    last.set(this.last);
    count.set(this.count);
    first.set(this.first);
    n.set(this.n);
    [this.prefix, this.last, this.count, this.first, this.n] = [prefix, last, count, first, n];
  }
}

/**
 * The gram columns (prefix, last word, count, first position, length) for `capacity` grams, in one
 * buffer: each typed array of more than a few bytes is an allocation outside the heap of its own.
 */
function columns(capacity: number): [Int32Array, Int32Array, Int32Array, Int32Array, Uint8Array] {
  const buffer = new ArrayBuffer(capacity * 17);
  const column = (k: number): Int32Array => new Int32Array(buffer, capacity * 4 * k, capacity);
  return [column(0), column(1), column(2), column(3), new Uint8Array(buffer, capacity * 16, capacity)];
}

/** A well-mixed hash of a (prefix, word) pair (murmur3's finaliser). */
function slotOf(prefix: number, last: number): number {
  let h = Math.imul(prefix, 0x9e3779b1) ^ last;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * The parts (joined by line breaks) as lower-case word ids, with clause breaks (punctuation,
 * numbers) as -1. Capitalised words after a clause's first are names — people, places and bodies
 * have fields of their own — and so is the lower-case syllable that completes one ("Tỉnh ủy"): they
 * are marked blocked. Ids are unified across the parts; words with digits get none.
 */
function clauseWordIds(parts: readonly WordStream[]): { ids: Int32Array; count: number; blocked: Uint8Array; spelled: string[]; hashes: Int32Array } {
  let words = 0;
  let spellings = 0;
  // The longest part's ids are the unified ones (an article's body): only the others are looked up.
  let base: WordStream | undefined;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k] as WordStream;
    words += p.length;
    spellings += p.spelled.length;
    if (base === undefined || p.spelled.length > base.spelled.length) base = p;
  }
  // Every word adds at most an id and a break before it.
  const ids = 2 * words + 1 <= SCRATCH_LENGTH ? scratch.ids : new Int32Array(2 * words + 1);
  const blocked = 2 * words + 1 <= SCRATCH_LENGTH ? scratch.blocked : new Uint8Array(2 * words + 1);
  const spelled: string[] = base ? base.spelled.slice() : [];
  // The spellings' hashes, by unified id: the base's, then those of the spellings added.
  const hashes = spellings <= SCRATCH_LENGTH ? scratch.hashes : new Int32Array(spellings);
  if (base) hashes.set(base.hashes);
  const added = new Map<string, number>();
  let count = 0;
  let inClause = 0; // words so far in the current clause
  let previousCapitalised = false;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as WordStream;
    // Each part's ids in the unified numbering, found on first use (-1: not yet).
    const local = part === base ? undefined : new Int32Array(part.spelled.length).fill(-1);
    for (let w = 0; w < part.length; w++) {
      const flags = part.flags[w] ?? 0;
      // A clause ends before this word (punctuation, a part's line break) or at it (a number).
      if ((flags & (WORD_AFTER_CLAUSE_BREAK | WORD_HAS_DIGIT)) !== 0 || (k > 0 && w === 0)) {
        if (count > 0 && ids[count - 1] !== -1) {
          ids[count] = -1;
          blocked[count] = 1;
          count++;
        }
        inClause = 0;
        previousCapitalised = false;
        if ((flags & WORD_HAS_DIGIT) !== 0) continue;
      }
      const capitalised = inClause > 0 && (flags & WORD_CAPITALISED) !== 0;
      const name = capitalised || previousCapitalised;
      previousCapitalised = capitalised;
      inClause++;
      const localId = part.ids[w] ?? 0;
      let id = local ? (local[localId] ?? -1) : localId;
      if (id < 0 && local) {
        const lower = part.spelled[localId] ?? '';
        id = base?.idOf(lower) ?? added.get(lower) ?? -1;
        if (id < 0) {
          id = spelled.length;
          added.set(lower, id);
          spelled.push(lower);
          hashes[id] = part.hashes[localId] ?? 0;
        }
        local[localId] = id;
      }
      ids[count] = id;
      blocked[count] = name ? 1 : 0;
      count++;
    }
  }
  return { ids, count, blocked, spelled, hashes };
}

/**
 * The indices of `keys` (distinct numbers) from the highest key to the lowest: the keys are sorted as
 * numbers, without a comparator call, into `room` (at least as long), and each finds its place in
 * the sorted copy by binary search.
 */
function byKeyDescending(keys: Float64Array, room: Float64Array): number[] {
  const sorted = room.subarray(0, keys.length);
  sorted.set(keys);
  sorted.sort();
  const order = new Array<number>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] ?? 0;
    let low = 0;
    let high = sorted.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((sorted[middle] ?? 0) < key) low = middle + 1;
      else high = middle;
    }
    order[sorted.length - 1 - low] = k;
  }
  return order;
}

/** Whether the phrase `short` (as words) is a run of the phrase `long`. */
function containsRun(long: number[], short: number[]): boolean {
  for (let from = 0; from + short.length <= long.length; from++) if (equalRuns(long, from, short, 0, short.length)) return true;
  return false;
}

/** Whether two phrases (as words) share words at an edge, or one contains the other. */
function overlaps(a: number[], b: number[]): boolean {
  const short = a.length <= b.length ? a : b;
  const long = short === a ? b : a;
  if (containsRun(long, short)) return true;
  // A suffix of one equal to a prefix of the other.
  for (let k = 1; k < short.length; k++) {
    if (equalRuns(a, a.length - k, b, 0, k) || equalRuns(b, b.length - k, a, 0, k)) return true;
  }
  return false;
}

function equalRuns(x: number[], xFrom: number, y: number[], yFrom: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (x[xFrom + k] !== y[yFrom + k]) return false;
  return true;
}

/** Phrases in nearly every government article: kept, at half weight, below what the article is about. */
const GENERIC_VI = new Set([
  'thực hiện', 'công tác', 'tổ chức', 'nhiệm vụ', 'triển khai', 'hội nghị', 'cán bộ', 'đơn vị', 'cơ quan', 'lãnh đạo',
  'chỉ đạo', 'kết quả', 'quan tâm', 'tập trung', 'hiệu quả', 'nâng cao', 'phối hợp',
]);

/** A number from the hashes of a pair's two words; pairs with another number are not generic. */
function pairKey(first: number, second: number): number {
  return Math.imul(first, 0x9e3779b1) ^ second;
}
const GENERIC_HASHES = new Set([...GENERIC_VI].map((pair) => {
  const [first = '', second = ''] = pair.split(' ');
  return pairKey(fnv1a(first), fnv1a(second));
}));
