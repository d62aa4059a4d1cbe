/** Reading speed used for `readingMinutes`: a common figure for news prose, in words per minute. */
export const WORDS_PER_MINUTE = 200;
export const SUMMARY_MAX_CHARS = 400;
/** A summary stops adding sentences once it is this long. */
const SUMMARY_TARGET_CHARS = 200;
export const MAX_KEYWORDS = 8;
/** Keywords come from the opening of long texts: what an article is about shows early. */
const KEYWORD_SCAN_CHARS = 200_000;

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

const CLAUSE = /[^.,;:!?()[\]"“”'‘’\n…–—-]+/gu;
const WORD = /[\p{L}\p{M}]+/gu;

/**
 * What a text is about, as the phrases it repeats most: syllable n-grams (2–4 syllables) for
 * Vietnamese, where words span syllables ("cải cách hành chính"), single words and pairs for other
 * languages. Phrases never cross punctuation, never start or end on a function word, and a phrase
 * inside a longer one that is as frequent gives way to it. Lower case; ties keep text order.
 */
export function extractKeywords(text: string, language: string, max = MAX_KEYWORDS): string[] {
  const vietnamese = language === 'vi';
  const stop = vietnamese ? STOP_VI : STOP_EN;
  const [minN, maxN] = vietnamese ? [2, 4] : [1, 2];

  // Words as integer ids, clause by clause. Capitalised words after a clause's first are names
  // (people, places and bodies have fields of their own), and so is the lower-case syllable that
  // completes one ("Tỉnh ủy"): phrases never include them.
  const vocabulary = new Map<string, number>();
  const spelled: string[] = [];
  const ids: number[] = [];
  const blocked: number[] = []; // 1: cannot start or be inside a phrase
  for (const clause of text.slice(0, KEYWORD_SCAN_CHARS).match(CLAUSE) ?? []) {
    const original = clause.match(WORD) ?? [];
    let previousName = false;
    for (let i = 0; i < original.length; i++) {
      const word = original[i] ?? '';
      const lower = word.toLowerCase();
      const capitalised = i > 0 && word.charCodeAt(0) !== lower.charCodeAt(0);
      const name = capitalised || (previousName && i > 0 && !capitalised && original[i - 1]?.charCodeAt(0) !== original[i - 1]?.toLowerCase().charCodeAt(0));
      previousName = capitalised;
      let id = vocabulary.get(lower);
      if (id === undefined) {
        id = spelled.length;
        vocabulary.set(lower, id);
        spelled.push(lower);
      }
      ids.push(id);
      blocked.push(name ? 1 : 0);
    }
    ids.push(-1); // clause boundary
    blocked.push(1);
  }
  const unusable = spelled.map((w) => stop.has(w) || (!vietnamese && w.length < 3));

  // n-grams level by level (apriori: an n-gram repeats only if its first n-1 words do), each keyed
  // by its prefix's index and its last word, so no phrase string is built until the end.
  // Small integer keys while they fit (the usual case), so the maps hash without allocating.
  const SHIFT = spelled.length < 2 ** 12 ? 2 ** 12 : 2 ** 26;
  const grams: Array<{ prefix: number; last: number; count: number; first: number; n: number }> = [];
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
    (grams[g] as { count: number }).count++;
    atPosition[i] = g;
  }
  for (let n = 2; n <= maxN; n++) {
    const level = new Map<number, number>();
    const next = new Int32Array(ids.length).fill(-1);
    for (let i = 0; i + n - 1 < ids.length; i++) {
      const p = atPosition[i] ?? -1;
      const lastAt = i + n - 1;
      const last = ids[lastAt] ?? -1;
      if (p < 0 || (grams[p]?.count ?? 0) < 2 || last < 0 || blocked[lastAt]) continue;
      const key = p * SHIFT + last;
      let g = level.get(key);
      if (g === undefined) {
        g = grams.push({ prefix: p, last, count: 0, first: i, n }) - 1;
        level.set(key, g);
      }
      (grams[g] as { count: number }).count++;
      next[i] = g;
    }
    atPosition = next;
  }

  const phraseOf = (g: number): string => {
    const words: string[] = [];
    for (let k = g; k >= 0; k = grams[k]?.prefix ?? -1) words.unshift(spelled[grams[k]?.last ?? 0] ?? '');
    return words.join(' ');
  };
  const counts = new Map<string, { count: number; first: number; n: number }>();
  grams.forEach((gram, g) => {
    if (gram.count >= 2 && gram.n >= minN && !unusable[gram.last]) counts.set(phraseOf(g), gram);
  });
  const repeated = [...counts.entries()];
  // A phrase inside a longer one that is at least as frequent gives way to it ("sức khỏe điện" to
  // "sức khỏe điện tử"): visit the few sub-phrases of each longer phrase instead of comparing all pairs.
  const dominated = new Set<string>();
  for (const [phrase, e] of repeated) {
    if (e.n <= minN) continue;
    const parts = phrase.split(' ');
    for (let length = minN; length < e.n; length++) {
      for (let start = 0; start + length <= e.n; start++) {
        const sub = parts.slice(start, start + length).join(' ');
        const subEntry = counts.get(sub);
        if (subEntry && subEntry.count <= e.count) dominated.add(sub);
      }
    }
  }
  const kept = repeated.filter(([phrase]) => !dominated.has(phrase));
  const weight = (phrase: string, e: { count: number; n: number }): number => e.count * e.n * (GENERIC_VI.has(phrase) ? 0.5 : 1);
  const ranked = kept.sort(([pa, a], [pb, b]) => weight(pb, b) - weight(pa, a) || b.n - a.n || a.first - b.first).map(([phrase]) => phrase);
  // Greedy, without repeats: "hồ sơ sức khỏe" makes "sức khỏe điện tử" redundant.
  const chosen: string[] = [];
  for (const phrase of ranked) {
    if (chosen.length === max) break;
    if (!chosen.some((c) => overlaps(c, phrase))) chosen.push(phrase);
  }
  return chosen;
}

/** Whether two phrases share a word at an edge or one contains the other. */
function overlaps(a: string, b: string): boolean {
  const aw = a.split(' ');
  const bw = b.split(' ');
  if (` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `)) return true;
  for (let k = 1; k < Math.min(aw.length, bw.length); k++) {
    if (aw.slice(-k).join(' ') === bw.slice(0, k).join(' ') || bw.slice(-k).join(' ') === aw.slice(0, k).join(' ')) return true;
  }
  return false;
}

/** Phrases in nearly every government article: kept, at half weight, below what the article is about. */
const GENERIC_VI = new Set([
  'thực hiện', 'công tác', 'tổ chức', 'nhiệm vụ', 'triển khai', 'hội nghị', 'cán bộ', 'đơn vị', 'cơ quan', 'lãnh đạo',
  'chỉ đạo', 'kết quả', 'quan tâm', 'tập trung', 'hiệu quả', 'nâng cao', 'phối hợp',
]);
