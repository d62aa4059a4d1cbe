import { isWordCode, lowerCase } from '../text/tokenize.ts';

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
// they never make a keyword on their own or at a phrase's edge.
const STOP_VI = new Set(`
và của các là có những được trong cho với một này đã không đến tại về để thì trên như cũng theo từ năm ngày khi sẽ ra
làm đó nhiều hơn lại vào còn rất nên mà vì do bị đang chỉ đều hay hoặc nếu phải qua sau trước đây đi lên nào gì ai mình
họ chúng ta tôi việc tháng số thứ lần nhất hết luôn vẫn thêm tiếp mới nhằm bằng từng đồng thời ông bà anh chị em ở
cao ngoài dưới giữa đầu cuối gần xa vừa đồng chí cho biết tham dự phát biểu the and
`.trim().split(/\s+/));
const STOP_EN = new Set(`
the and of to in is that for it with as was on are be by this at from or an have has not but which were their its will
they been would a i you he she we his her our your them there these those than then so if into about more also can
could should may might one two all any each other such no only over after before new said says every what when
where who how same most very just like through while because many much some what
`.trim().split(/\s+/));

/** Characters that end a clause: phrases never cross them. */
const CLAUSE_BREAKS = new Set([...'.,;:!?()[]"“”\'‘’\n…–—-'].map((c) => c.charCodeAt(0)));
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
  const vietnamese = language === 'vi';
  const stop = vietnamese ? STOP_VI : STOP_EN;
  const [minN, maxN] = vietnamese ? [2, 4] : [1, 2];
  const { ids, blocked, spelled } = wordIds(text.length > KEYWORD_SCAN_CHARS ? text.slice(0, KEYWORD_SCAN_CHARS) : text);
  const unusable = spelled.map((w) => stop.has(w) || (!vietnamese && w.length < 3));

  // n-grams level by level (apriori: an n-gram repeats only if its first n-1 words do), each keyed
  // by its prefix's index and its last word, so no phrase string is built until the end.
  const shift = spelled.length < 2 ** 12 ? 2 ** 12 : 2 ** 26; // small-integer keys while they fit
  const grams: Gram[] = [];
  let atPosition = new Int32Array(ids.length).fill(-1);
  const unigrams = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] ?? -1;
    if (id < 0 || blocked[i] || unusable[id]) continue;
    let g = unigrams.get(id);
    if (g === undefined) {
      g = grams.push({ prefix: -1, last: id, count: 0, first: i, n: 1 }) - 1;
      unigrams.set(id, g);
    }
    (grams[g] as Gram).count++;
    atPosition[i] = g;
  }
  /** Per length, the grams by prefix and last word (index n; 0 and 1 unused). */
  const levels: Array<Map<number, number>> = [];
  for (let n = 2; n <= maxN; n++) {
    const level = new Map<number, number>();
    levels[n] = level;
    const next = new Int32Array(ids.length).fill(-1);
    for (let i = 0; i + n - 1 < ids.length; i++) {
      const p = atPosition[i] ?? -1;
      const lastAt = i + n - 1;
      const last = ids[lastAt] ?? -1;
      if (p < 0 || (grams[p]?.count ?? 0) < 2 || last < 0 || blocked[lastAt]) continue;
      const key = p * shift + last;
      let g = level.get(key);
      if (g === undefined) {
        g = grams.push({ prefix: p, last, count: 0, first: i, n }) - 1;
        level.set(key, g);
      }
      (grams[g] as Gram).count++;
      next[i] = g;
    }
    atPosition = next;
  }

  // Rank by count × length, then spell out only the best candidates.
  const ranked = grams
    .filter((gram) => gram.count >= 2 && gram.n >= minN && !unusable[gram.last])
    .sort((a, b) => b.count * b.n - a.count * a.n || b.n - a.n || a.first - b.first)
    .slice(0, CANDIDATES)
    .map((gram) => {
      const words: number[] = [];
      for (let k: Gram | undefined = gram; k; k = k.prefix >= 0 ? grams[k.prefix] : undefined) words.unshift(k.last);
      const phrase = words.map((id) => spelled[id] ?? '').join(' ');
      return { phrase, words, gram, weight: gram.count * gram.n * (GENERIC_VI.has(phrase) ? 0.5 : 1) };
    })
    .sort((a, b) => b.weight - a.weight || b.gram.n - a.gram.n || a.gram.first - b.gram.first);
  // A phrase inside a longer one that is at least as frequent gives way to it ("sức khỏe điện" to
  // "sức khỏe điện tử"). Phrases are compared as word ids: one phrase, one id sequence, one gram.
  const candidates = new Set(ranked.map((r) => r.gram));
  const gramOf = (words: number[], from: number, length: number): Gram | undefined => {
    let g = unigrams.get(words[from] ?? -1);
    for (let k = 1; k < length && g !== undefined; k++) g = levels[k + 1]?.get(g * shift + (words[from + k] ?? -1));
    return g === undefined ? undefined : grams[g];
  };
  const dominated = new Set<Gram>();
  for (const { words, gram } of ranked) {
    if (gram.n <= minN) continue;
    for (let length = minN; length < gram.n; length++) {
      for (let from = 0; from + length <= gram.n; from++) {
        const sub = gramOf(words, from, length);
        if (sub && candidates.has(sub) && sub.count <= gram.count) dominated.add(sub);
      }
    }
  }
  // Greedy, without repeats: "hồ sơ sức khỏe" makes "sức khỏe điện tử" redundant.
  const chosen: Array<{ phrase: string; words: number[] }> = [];
  for (const candidate of ranked) {
    if (chosen.length === max) break;
    if (dominated.has(candidate.gram)) continue;
    if (!chosen.some((c) => overlaps(c.words, candidate.words))) chosen.push(candidate);
  }
  return chosen.map((c) => c.phrase);
}

interface Gram {
  /** Index of the gram one word shorter, or -1 for single words. */
  prefix: number;
  last: number;
  count: number;
  first: number;
  n: number;
}

/**
 * The text as lower-case word ids in one pass, with clause breaks (punctuation, numbers) as -1.
 * Capitalised words after a clause's first are names — people, places and bodies have fields of their
 * own — and so is the lower-case syllable that completes one ("Tỉnh ủy"): they are marked blocked.
 */
function wordIds(text: string): { ids: number[]; blocked: Uint8Array; spelled: string[] } {
  const vocabulary = new Map<string, number>();
  const spelled: string[] = [];
  const ids: number[] = [];
  const flags: number[] = [];
  let inClause = 0; // words so far in the current clause
  let previousCapitalised = false;
  const boundary = (): void => {
    if (ids.length > 0 && ids[ids.length - 1] !== -1) {
      ids.push(-1);
      flags.push(1);
    }
    inClause = 0;
    previousCapitalised = false;
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isWordCode(code)) {
      if (CLAUSE_BREAKS.has(code)) boundary();
      i++;
      continue;
    }
    const start = i;
    let digits = false;
    while (i < text.length && isWordCode(text.charCodeAt(i))) {
      const c = text.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) digits = true;
      i++;
    }
    if (digits) {
      boundary();
      continue;
    }
    const word = text.slice(start, i);
    const lower = lowerCase(word);
    const capitalised = inClause > 0 && word.charCodeAt(0) !== lower.charCodeAt(0);
    const name = capitalised || previousCapitalised;
    previousCapitalised = capitalised;
    inClause++;
    let id = vocabulary.get(lower);
    if (id === undefined) {
      id = spelled.length;
      vocabulary.set(lower, id);
      spelled.push(lower);
    }
    ids.push(id);
    flags.push(name ? 1 : 0);
  }
  return { ids, blocked: Uint8Array.from(flags), spelled };
}

/** Whether two phrases (as words) share words at an edge, or one contains the other. */
function overlaps(a: number[], b: number[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  for (let from = 0; from + short.length <= long.length; from++) {
    if (short.every((w, k) => long[from + k] === w)) return true;
  }
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
