import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { prng, scrapedText } from '../../bench/corpus.ts';
import { repairMojibake, wellSpelled } from '../../shared/domain/decode/mojibake.ts';
import { VNI_TABLE } from '../../shared/domain/decode/vni.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import { referenceIsWellSpelled } from '../support/reference-mojibake.ts';

const SENTENCE = 'Ngày 20/4/2021, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác thủy lợi; Đồng chí Nguyễn Văn Hùng chủ trì, người dân được hỗ trợ khắc phục hậu quả lũ lụt ở Quảng Trị.';
/** All 134 Vietnamese letters with diacritics plus đ, as one (non-syllable) word inside a sentence. */
const LOWER = 'aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ';
const ALL_LETTERS = `${SENTENCE} Bảng chữ: ${LOWER} ${LOWER.toUpperCase()}.`;

/** What a browser (WHATWG windows-1252: the undefined bytes become C1 controls) shows for these bytes. */
const asWindows1252 = (bytes: Uint8Array): string => new TextDecoder('windows-1252').decode(bytes);
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const vniBytes = (text: string): Buffer => {
  const inverse = new Map([...VNI_TABLE].map(([vni, letter]) => [letter, vni]));
  return iconv.encode([...text].map((c) => inverse.get(c) ?? c).join(''), 'windows1252');
};

describe('mojibake repair', () => {
  it('undoes UTF-8 read as Windows-1252, letter-exact on every Vietnamese letter', () => {
    const misread = asWindows1252(utf8(ALL_LETTERS));
    const { paragraphs, repairs } = repairMojibake([misread]);
    assert.equal(paragraphs[0], ALL_LETTERS);
    assert.deepEqual(repairs, [{ kind: 'utf-8 read as windows-1252', paragraphs: 1 }]);
  });

  it('undoes UTF-8 read as Latin-1 (C1 controls and non-breaking spaces inside words)', () => {
    const misread = utf8(ALL_LETTERS).toString('latin1');
    assert.equal(repairMojibake([misread]).paragraphs[0], ALL_LETTERS);
  });

  it('undoes UTF-8 read as Windows-1252 twice, letter-exact', () => {
    const twice = asWindows1252(utf8(asWindows1252(utf8(ALL_LETTERS))));
    const { paragraphs, repairs } = repairMojibake([twice]);
    assert.equal(paragraphs[0], ALL_LETTERS);
    assert.deepEqual(repairs, [{ kind: 'utf-8 read as windows-1252 twice', paragraphs: 1 }]);
  });

  it('gives back a byte a decoder replaced with U+FFFD only when one letter alone spells the word (Đảng, trường, họp)', () => {
    // iconv-lite, like Python with errors="replace", turns 0x81 0x8D 0x8F 0x90 0x9D into U+FFFD.
    const text = `${SENTENCE} Đảng bộ họp ở trường.`;
    const lossy = iconv.decode(utf8(text), 'windows1252');
    assert.ok(lossy.includes('\uFFFD'));
    assert.equal(repairMojibake([lossy]).paragraphs[0], text);
  });

  it('keeps U+FFFD for a lost letter that several letters could be (cỏ, cọ and cề are all words)', () => {
    const lossy = iconv.decode(utf8(`${SENTENCE} Bãi cỏ.`), 'windows1252');
    assert.equal(repairMojibake([lossy]).paragraphs[0], `${SENTENCE} Bãi c\uFFFD.`);
  });

  it('undoes TCVN3 bytes read as Windows-1252, letter-exact on every lower-case letter and the capitals TCVN3 has', () => {
    const text = `${SENTENCE} Bảng chữ: ${LOWER} ĂÂĐÊÔƠƯ.`;
    const { paragraphs, repairs } = repairMojibake([asWindows1252(iconv.encode(text, 'tcvn'))]);
    assert.equal(paragraphs[0], text);
    assert.deepEqual(repairs, [{ kind: 'tcvn3 read as windows-1252', paragraphs: 1 }]);
  });

  it('undoes VNI bytes read as Windows-1252, letter-exact on every letter in both cases', () => {
    const { paragraphs, repairs } = repairMojibake([asWindows1252(vniBytes(ALL_LETTERS))]);
    assert.equal(paragraphs[0], ALL_LETTERS);
    assert.deepEqual(repairs, [{ kind: 'vni read as windows-1252', paragraphs: 1 }]);
  });

  it('leaves correct Vietnamese, English, French, German, Spanish, Portuguese and code exactly as they are', () => {
    const correct = [
      ALL_LETTERS,
      'Cà Mau', 'Bà Rịa – Vũng Tàu', 'Café “Sài Gòn” – 2 €',
      'The minister said: “We’ll finish the report by Friday” — and left.',
      'L’économie française a été très forte en 2019, selon l’INSEE.',
      'Die Straße führt über die Brücke nach München; Größe: 5 × 3 m.',
      'El niño comió piñas en la mañana; ¿qué más?',
      'A condição é não pôr açúcar no café.',
      'const s = "naïve café"; // © 2024 Zoë Brontë',
    ];
    const { paragraphs, repairs } = repairMojibake(correct);
    assert.deepEqual(paragraphs, correct);
    assert.deepEqual(repairs, []);
  });

  it('repairs a short heading only when the rest of the document was misread the same way', () => {
    const heading = 'Thông báo';
    const misreadHeading = asWindows1252(iconv.encode(heading, 'tcvn'));
    assert.deepEqual(repairMojibake([misreadHeading]).paragraphs, [misreadHeading]);
    const withBody = repairMojibake([misreadHeading, asWindows1252(iconv.encode(SENTENCE, 'tcvn'))]);
    assert.deepEqual(withBody.paragraphs, [heading, SENTENCE]);
    assert.deepEqual(withBody.repairs, [{ kind: 'tcvn3 read as windows-1252', paragraphs: 2 }]);
  });

  it('repairs each paragraph on its own: a correct one beside a misread one stays as it is', () => {
    const { paragraphs } = repairMojibake([SENTENCE, asWindows1252(utf8(SENTENCE))]);
    assert.deepEqual(paragraphs, [SENTENCE, SENTENCE]);
  });

  it('reports repairs from a UTF-8 page whose text was misread upstream, and extracts from the repaired text', async () => {
    // Prepare: a valid UTF-8 HTML page holding double-encoded text, as a scraper that decoded wrongly saved it.
    const title = 'Hội nghị tổng kết công tác thủy lợi';
    const page = `<!doctype html><html><head><title>x</title></head><body><h1>${asWindows1252(utf8(title))}</h1><p>${asWindows1252(utf8(SENTENCE))}</p></body></html>`;
    // Act
    const doc = await processDocument(utf8(page));
    // Assess
    assert.equal(doc.title, title);
    assert.equal(doc.body, SENTENCE);
    assert.deepEqual(doc.repairs, [{ kind: 'utf-8 read as windows-1252', paragraphs: 2 }]);
  });

  it('repairs TCVN3 text stored as UTF-8 plain text (the streamed path) and reports it', async () => {
    const doc = await processDocument(utf8(`${asWindows1252(iconv.encode('Thông báo', 'tcvn'))}\n\n${asWindows1252(iconv.encode(SENTENCE, 'tcvn'))}\n`));
    assert.equal(doc.title, 'Thông báo');
    assert.equal(doc.body, SENTENCE);
    assert.deepEqual(doc.repairs, [{ kind: 'tcvn3 read as windows-1252', paragraphs: 2 }]);
  });

  it('stops trying lost bytes after a few per word instead of trying 5^n combinations', () => {
    const hostile = `Ä${'\uFFFD'.repeat(40)} ${asWindows1252(utf8(SENTENCE))}`;
    const started = performance.now();
    repairMojibake([hostile]);
    assert.ok(performance.now() - started < 500);
  });
});

describe('a word judged well spelled, its verdict remembered', () => {
  it('gets the verdict it got when judged afresh, the first time and every time after', () => {
    const rand = prng(91);
    const pick = (letters: string): string => letters[Math.floor(rand() * letters.length)] ?? '';
    // Syllable-like words of random initials, vowels (toned or not), finals and case, more of them
    // than the verdicts kept at once; the words of articles and of their misreadings.
    const words: string[] = [];
    for (let k = 0; k < 12_000; k++) {
      let word = ['', 'ngh', 'ng', 'gh', 'gi', 'kh', 'nh', 'ph', 'qu', 'th', 'tr', 'ch', 'b', 'c', 'đ', 'Đ', 'T', 'x'][Math.floor(rand() * 18)] ?? '';
      for (let v = 1 + Math.floor(rand() * 3); v > 0; v--) word += pick(LOWER + 'AÁÊƠƯ');
      word += ['', '', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't', 'X'][Math.floor(rand() * 11)] ?? '';
      words.push(word);
    }
    for (const text of [ALL_LETTERS, scrapedText(rand), asWindows1252(utf8(SENTENCE)), asWindows1252(utf8(asWindows1252(utf8(SENTENCE)))), asWindows1252(vniBytes(SENTENCE))]) {
      words.push(...(text.match(/[\p{L}\p{M}]+/gu) ?? []));
    }
    for (let round = 0; round < 2; round++) {
      for (const word of words) assert.equal(wellSpelled(word), referenceIsWellSpelled(word), word);
    }
    assert.ok(words.filter(referenceIsWellSpelled).length > 1_000, 'well spelled words are among those judged');
  });
});
