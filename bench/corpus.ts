/**
 * Deterministic generator of documents shaped like the ones docpipe ingests: Vietnamese news with
 * boilerplate (titles, source prefixes, captions printed twice, bylines, counters, footers), English
 * articles, and the same content as HTML, DOCX and PDF. A seeded PRNG makes every run identical.
 */
import { makePdf } from '../test/support/make-pdf.ts';
import { makeDocx } from '../test/support/make-zip.ts';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VI_PHRASES = [
  'Ban Thường vụ Tỉnh ủy', 'Ủy ban nhân dân tỉnh', 'UBND huyện', 'các sở, ban, ngành', 'công tác cải cách hành chính',
  'đội ngũ cán bộ, công chức', 'chương trình xây dựng nông thôn mới', 'nhiệm vụ chính trị được giao', 'Nghị quyết 18-NQ/TW',
  'Kế hoạch 86-KH/TU', 'phát triển kinh tế - xã hội', 'người dân và doanh nghiệp', 'chuyển đổi số', 'đồng chí Nguyễn Văn Hùng',
  'Phó Chủ tịch UBND tỉnh', 'hội nghị sơ kết 6 tháng đầu năm', 'tổ chức cơ sở đảng', 'HĐND tỉnh', 'các xã miền núi khó khăn',
  'thủ tục hành chính', 'đạt và vượt kế hoạch', 'tăng 12% so với cùng kỳ', 'quốc phòng, an ninh', 'giảm nghèo bền vững',
];
const VI_VERBS = ['triển khai', 'đánh giá', 'tập trung chỉ đạo', 'thống nhất', 'đề nghị', 'hoàn thành', 'nâng cao', 'tăng cường', 'rà soát'];
const EN_WORDS = 'the council said residents would see new bus routes and a cleaner river by next year while the budget for schools rose again after a long debate about taxes roads and housing in the province'.split(' ');

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function viSentence(rand: () => number): string {
  const parts = Array.from({ length: 3 + Math.floor(rand() * 4) }, (_, i) => (i % 2 ? pick(rand, VI_VERBS) : pick(rand, VI_PHRASES)));
  const s = parts.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

const INITIALS = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gi', 'h', 'kh', 'l', 'm', 'n', 'ng', 'nh', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
const RHYMES = ['a', 'ai', 'am', 'an', 'ang', 'anh', 'ao', 'at', 'ac', 'ach', 'ăn', 'ăng', 'âm', 'ân', 'ât', 'e', 'em', 'en', 'eo', 'ê', 'êm', 'ên', 'êt', 'i', 'im', 'in', 'inh', 'ich', 'iêu', 'iên', 'o', 'oa', 'oan', 'oai', 'ong', 'oc', 'ô', 'ôi', 'ông', 'ôt', 'ơ', 'ơi', 'ơn', 'u', 'ui', 'um', 'un', 'ung', 'uc', 'ư', 'ưa', 'ưng', 'ươc', 'ương'];
const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];

/** One Vietnamese-like syllable with a tone mark (about 7,800 distinct ones). */
export function syllable(rand: () => number): string {
  const rhyme = RHYMES[Math.floor(rand() * RHYMES.length)] ?? 'a';
  const tone = TONES[Math.floor(rand() * TONES.length)] ?? '';
  // The tone mark sits on the rhyme's first vowel: good enough for a benchmark's vocabulary.
  const marked = tone ? `${rhyme.charAt(0)}${tone}${rhyme.slice(1)}` : rhyme;
  return `${INITIALS[Math.floor(rand() * INITIALS.length)] ?? ''}${marked}`.normalize('NFC');
}

/**
 * A sentence of the stock phrases with a few random syllables woven in: documents built from these
 * share their boilerplate wording but not their 3-word shingles, so their fingerprints spread out the
 * way distinct real articles do (with the stock phrases alone, hundreds of documents share each
 * fingerprint band and every near-duplicate lookup reads its candidate cap).
 */
function variedViSentence(rand: () => number): string {
  const parts = Array.from({ length: 3 + Math.floor(rand() * 4) }, (_, i) => (i % 2 ? pick(rand, VI_VERBS) : pick(rand, VI_PHRASES)));
  const words = parts.flatMap((p) => [p, Array.from({ length: 1 + Math.floor(rand() * 2) }, () => syllable(rand)).join(' ')]);
  const s = words.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function enSentence(rand: () => number): string {
  const words = Array.from({ length: 12 + Math.floor(rand() * 12) }, () => pick(rand, EN_WORDS));
  return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
}

export interface Article {
  title: string;
  paragraphs: string[];
}

export function vietnameseArticle(rand: () => number, targetBytes = 3600, sentence: (rand: () => number) => string = viSentence): Article {
  const title = sentence(rand).replace(/\.$/, '');
  const paragraphs: string[] = [];
  let size = title.length;
  while (size < targetBytes * 0.8) {
    const p = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => sentence(rand)).join(' ');
    paragraphs.push(p);
    size += Buffer.byteLength(p);
  }
  return { title, paragraphs };
}

/** A scraped page as plain text: title, source prefix, paragraphs, a caption printed twice, byline, footer. */
export function scrapedText(rand: () => number, targetBytes = 3600): string {
  return scrapedPage(rand, targetBytes, viSentence);
}

/**
 * A scraped page like `scrapedText`, with random syllables in every sentence so that thousands of them
 * are distinct documents to the near-duplicate lookup (end-to-end ingest benchmark).
 */
export function variedScrapedText(rand: () => number, targetBytes = 3600): string {
  return scrapedPage(rand, targetBytes, variedViSentence);
}

function scrapedPage(rand: () => number, targetBytes: number, sentence: (rand: () => number) => string): string {
  const { title, paragraphs } = vietnameseArticle(rand, targetBytes, sentence);
  const caption = `${sentence(rand)} Ảnh: T.H`;
  const [lead = '', ...rest] = paragraphs;
  return [
    title, '', `(Baonghean.vn) - Sáng 10/7, ${lead}`, '', ...rest.slice(0, 2).flatMap((p) => [p, '']), caption, caption, '',
    ...rest.slice(2).flatMap((p) => [p, '']), 'Thanh Lê', '', '171 Go top', 'Thống kê truy cập', '  • Khách 155', '  • Tổng lượt truy cập: 5120831',
  ].join('\n');
}

export function englishText(rand: () => number, targetBytes = 3600): string {
  const paragraphs: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const p = Array.from({ length: 3 + Math.floor(rand() * 3) }, () => enSentence(rand)).join(' ');
    paragraphs.push(p);
    size += p.length;
  }
  return [`${enSentence(rand).replace(/\.$/, '')}`, '', 'By Jane Doe', '', ...paragraphs.flatMap((p) => [p, '']), 'Share this article: Facebook | Twitter'].join('\n');
}

export function htmlPage(rand: () => number, targetBytes = 3600): string {
  const { title, paragraphs } = vietnameseArticle(rand, targetBytes);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/kinh-te">Kinh tế</a></nav></header>
<main><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/1">Tin một</a></li><li><a href="/2">Tin hai</a></li></ul></aside></main>
<footer>© 2024 Báo mẫu. Ghi rõ nguồn khi phát hành lại.</footer></body></html>`;
}

export function docxFile(rand: () => number, targetBytes = 3600): Buffer {
  const { title, paragraphs } = vietnameseArticle(rand, targetBytes);
  return makeDocx([{ heading: title }, ...paragraphs]);
}

export function pdfFile(rand: () => number, targetBytes = 3600): Buffer {
  const { title, paragraphs } = vietnameseArticle(rand, targetBytes);
  const lines = [title, ''];
  for (const p of paragraphs) {
    let line = '';
    for (const word of p.split(' ')) {
      if ((line + word).length > 80) {
        lines.push(line.trim());
        line = '';
      }
      line += `${word} `;
    }
    lines.push(line.trim(), '');
  }
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += 50) pages.push(lines.slice(i, i + 50));
  return makePdf(pages);
}

/** Plain Vietnamese prose of about `bytes` bytes, in paragraphs (for time-versus-size). */
export function proseOfSize(rand: () => number, bytes: number): Buffer {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const p = Array.from({ length: 3 }, () => viSentence(rand)).join(' ');
    parts.push(p);
    size += Buffer.byteLength(p) + 2;
  }
  return Buffer.from(parts.join('\n\n')).subarray(0, bytes);
}
