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
  const counts = new Map<string, { count: number; first: number; n: number }>();
  let position = 0;
  for (const clause of text.slice(0, KEYWORD_SCAN_CHARS).match(CLAUSE) ?? []) {
    const original = clause.trim().match(WORD) ?? [];
    const tokens = original.map((t) => t.toLowerCase());
    // Capitalised words after a clause's first are names: people, places and bodies have fields of their own.
    const proper = original.map((t, i) => i > 0 && /^\p{Lu}/u.test(t));
    // …and so is the lower-case syllable that completes one ("Tỉnh ủy").
    for (let i = proper.length - 1; i > 0; i--) if (!proper[i] && proper[i - 1] && !/^\p{Lu}/u.test(original[i] ?? '')) proper[i] = true;
    for (let i = 0; i < tokens.length; i++) {
      if (stop.has(tokens[i] ?? '') || (!vietnamese && (tokens[i]?.length ?? 0) < 3)) continue;
      for (let n = minN; n <= maxN && i + n <= tokens.length; n++) {
        if (proper[i + n - 1]) break;
        if (proper[i] || stop.has(tokens[i + n - 1] ?? '')) continue;
        const phrase = tokens.slice(i, i + n).join(' ');
        const entry = counts.get(phrase);
        if (entry) entry.count++;
        else counts.set(phrase, { count: 1, first: position + i, n });
      }
    }
    position += tokens.length;
  }
  const repeated = [...counts.entries()].filter(([, e]) => e.count >= 2);
  const kept = repeated.filter(([phrase, e]) =>
    !repeated.some(([other, o]) => o.n > e.n && o.count >= e.count && ` ${other} `.includes(` ${phrase} `)));
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
