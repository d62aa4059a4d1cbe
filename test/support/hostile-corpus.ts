import assert from 'node:assert/strict';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import type { DocumentRecord } from '../../shared/domain/types.ts';
import { encodeTcvn3, encodeViscii, encodeWindows1258 } from './legacy-encodings.ts';
import { makePdf } from './make-pdf.ts';
import { makeDocx, makeZip } from './make-zip.ts';

/**
 * Inputs a document pipeline meets in the wild and must survive end to end: each either fails with a
 * recorded, permanent reason or is processed. All generated in code and deterministic, so a failure
 * names the same bytes every run.
 */
export interface HostileInput {
  /** What the input is, as a test name reads it. */
  name: string;
  key: string;
  body: Uint8Array | string;
  contentType?: string;
  expect: 'FAILED' | 'PROCESSED';
  /** For FAILED: matched against `"<code>: <message>"` of the recorded error. */
  reason?: RegExp;
  /** For PROCESSED: a search that must find this document (its text was decoded and indexed). */
  findBy?: string;
  /** Extra assertions on the stored row. */
  check?: (doc: DocumentRecord) => void;
  /**
   * What the pipeline should also do but does not yet: run as a todo test, so the gap shows in every
   * run. `findBy` must find the document; `reason` must match the recorded error.
   */
  knownGap?: { why: string; findBy?: string; reason?: RegExp };
}

/** The size limit the hostile corpus is built around: small, so the oversized input stays cheap. */
export const HOSTILE_MAX_DOCUMENT_BYTES = 1024 * 1024;

const VI_PARAGRAPH =
  'Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm với sự tham dự của đông đảo cán bộ, đảng viên và nhân dân trong tỉnh.';
const EN_PARAGRAPH = 'The provincial council met this morning to review the work of the year, with many officials and residents of the province taking part.';

/** A short Vietnamese article whose body carries `phrase`, so a search can tell it apart. */
const viArticle = (title: string, phrase: string): string => `${title}\n\n${VI_PARAGRAPH} Đặc biệt, ${phrase}.\n\nHội nghị cũng đề ra nhiệm vụ trọng tâm cho năm tới.`;

/** Deterministic bytes (xorshift32, fixed seed): noise that is the same every run. */
function noise(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return order === 'le' ? le : Buffer.from(le).swap16();
}

/**
 * A key of exactly `bytes` UTF-8 bytes made of segments of at most 200 bytes: s3rver stores a key as a
 * file path, and a path component of 255 bytes or more cannot be stored there.
 */
function keyOfLength(prefix: string, bytes: number): string {
  const last = 'end.txt';
  const unit = 'đoạn-'; // 8 bytes: multi-byte letters, so byte and character counts differ
  let key = prefix;
  for (;;) {
    const room = bytes - Buffer.byteLength(key) - Buffer.byteLength(last) - 1;
    if (room <= 0) break;
    const units = Math.floor(Math.min(200, room) / Buffer.byteLength(unit));
    const segment = units > 0 ? unit.repeat(units) : 'x'.repeat(room);
    key += `${segment}/`;
  }
  // Pad the last segment with ASCII to land on the exact byte count.
  return `${key}${'x'.repeat(Math.max(0, bytes - Buffer.byteLength(key) - Buffer.byteLength(last)))}${last}`;
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fe0dd7b4a90000000049454e44ae426082', 'hex'),
]);

/** The text a row shows (title and summary): where leftover control characters would surface. */
const shownText = (doc: DocumentRecord): string => `${doc.title ?? ''}\n${doc.summary ?? ''}`;

/** The hostile inputs, each expecting FAILED (with its reason) or PROCESSED. */
export function hostileCorpus(): HostileInput[] {
  const limit = HOSTILE_MAX_DOCUMENT_BYTES;
  const pdf = makePdf([['Báo cáo tổng kết năm của Sở Khoa học và Công nghệ tỉnh Hà Tĩnh.', 'Năm qua, Sở đã hoàn thành các nhiệm vụ được giao về đổi mới sáng tạo.']]);
  const docx = makeDocx([{ heading: 'Kế hoạch phát triển làng nghề gốm Bát Tràng' }, VI_PARAGRAPH, 'Làng nghề gốm Bát Tràng sẽ mở rộng sản xuất và quảng bá sản phẩm ra thị trường quốc tế.']);
  const bigLine = `${VI_PARAGRAPH} `.repeat(Math.ceil(200_000 / Buffer.byteLength(VI_PARAGRAPH))).trimEnd();

  const inputs: HostileInput[] = [
    // Emptiness
    { name: 'an empty file', key: 'hostile/empty.txt', body: '', expect: 'FAILED', reason: /^EMPTY_DOCUMENT: / },
    {
      name: 'a file of whitespace only (spaces, tabs, CRLF, no-break and zero-width spaces)',
      key: 'hostile/whitespace.txt',
      body: ' \t\r\n\u00a0\u200b\u3000\n'.repeat(500),
      expect: 'FAILED',
      reason: /^EMPTY_DOCUMENT: /,
    },
    { name: 'a file of NUL bytes', key: 'hostile/nul-bytes.txt', body: Buffer.alloc(64 * 1024), expect: 'FAILED', reason: /^UNSUPPORTED_FORMAT: .*binary data/ },
    {
      name: 'text with NUL bytes sprinkled between the words',
      key: 'hostile/nul-sprinkled.txt',
      body: viArticle('Tin có ký tự NUL', 'xã Thạch Hà đã hoàn thành đường bê tông liên thôn').replace(/ /g, (s, i: number) => (i % 7 === 0 ? ' \u0000\u0000' : s)),
      expect: 'PROCESSED',
      findBy: '"duong be tong lien thon"',
      check: (doc) => assert.doesNotMatch(shownText(doc), /\u0000/),
    },
    {
      name: 'seeded random bytes with a .txt name',
      key: 'hostile/noise.txt',
      body: noise(32 * 1024),
      contentType: 'text/plain',
      expect: 'FAILED',
      reason: /^UNSUPPORTED_FORMAT: .*binary data/,
    },

    // Size
    {
      name: 'a text file one byte over the configured size limit',
      key: 'hostile/oversized.txt',
      body: Buffer.alloc(limit + 1, 'a'),
      expect: 'FAILED',
      reason: new RegExp(`^DOCUMENT_TOO_LARGE: .*${limit + 1} bytes, over the ${limit}-byte limit`),
    },
    {
      name: 'a text file exactly at the size limit',
      key: 'hostile/at-limit.txt',
      body: Buffer.concat([Buffer.from(viArticle('Tin đúng giới hạn', 'huyện Cẩm Xuyên khánh thành nhà văn hóa cộng đồng')), Buffer.alloc(limit, ' ')]).subarray(0, limit),
      expect: 'PROCESSED',
      findBy: '"nha van hoa cong dong"',
      check: (doc) => assert.equal(doc.size, limit),
    },
    {
      name: 'a single 200 KB line without a line break',
      key: 'hostile/single-line.txt',
      body: bigLine,
      expect: 'PROCESSED',
      check: (doc) => assert.ok(doc.wordCount > 30_000, `wordCount ${doc.wordCount}`),
    },

    // Content type and name lie about the bytes
    {
      name: 'a PNG image named photo.txt and sent as text/plain',
      key: 'hostile/photo.txt',
      body: PNG,
      contentType: 'text/plain',
      expect: 'FAILED',
      reason: /^UNSUPPORTED_FORMAT: .*PNG image/,
    },
    {
      name: 'a PDF named .html and sent as text/html',
      key: 'hostile/report.html',
      body: pdf,
      contentType: 'text/html',
      expect: 'PROCESSED',
      findBy: '"So Khoa hoc va Cong nghe tinh Ha Tinh"',
      check: (doc) => assert.equal(doc.format, 'pdf'),
    },
    {
      name: 'an HTML page sent as application/octet-stream',
      key: 'hostile/page.bin',
      body: `<!doctype html><html><head><title>Khánh thành cầu Hưng Đức</title></head><body><article><h1>Khánh thành cầu Hưng Đức</h1><p>${VI_PARAGRAPH}</p><p>Cầu Hưng Đức nối hai bờ sông Lam, rút ngắn quãng đường đi lại cho người dân hai huyện.</p></article></body></html>`,
      contentType: 'application/octet-stream',
      expect: 'PROCESSED',
      findBy: '"cau Hung Duc noi hai bo song Lam"',
      check: (doc) => assert.equal(doc.format, 'html'),
    },

    // Broken or unreadable containers
    {
      name: 'a PDF cut off at 60 % of its bytes',
      key: 'hostile/truncated.pdf',
      body: pdf.subarray(0, Math.floor(pdf.length * 0.6)),
      contentType: 'application/pdf',
      expect: 'FAILED',
      reason: /^CORRUPT_DOCUMENT: .*PDF/,
    },
    {
      name: 'a PDF whose page has no text layer (a scan)',
      key: 'hostile/scan.pdf',
      body: makePdf([[]]),
      contentType: 'application/pdf',
      expect: 'FAILED',
      reason: /^UNSUPPORTED_FORMAT: .*without a text layer/,
    },
    {
      name: 'a DOCX zip bomb declaring 32 MB of text in 32 KB',
      key: 'hostile/bomb.docx',
      body: makeZip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'word/document.xml', data: Buffer.alloc(0), deflated: spaces(32 * 1024 * 1024) },
      ]),
      expect: 'FAILED',
      // Names the decompression, not a made-up file size.
      reason: /^DOCUMENT_TOO_LARGE: The \d+-byte file unpacks to more than \d+ bytes \(a decompression bomb/,
    },
    {
      name: 'a DOCX zip bomb lying about its uncompressed size',
      key: 'hostile/lying-bomb.docx',
      body: makeZip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'word/document.xml', data: Buffer.alloc(0), deflated: { ...spaces(32 * 1024 * 1024), size: 1000 } },
      ]),
      expect: 'FAILED',
      // Names the decompression, not a made-up file size.
      reason: /^DOCUMENT_TOO_LARGE: The \d+-byte file unpacks to more than \d+ bytes \(a decompression bomb/,
    },
    {
      name: 'a DOCX cut off before its central directory',
      key: 'hostile/truncated.docx',
      body: docx.subarray(0, Math.floor(docx.length * 0.7)),
      expect: 'FAILED',
      reason: /^CORRUPT_DOCUMENT: .*ZIP/,
    },
    {
      name: 'a DOCX whose document.xml is not XML',
      key: 'hostile/garbled.docx',
      body: makeZip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'word/document.xml', data: noise(4096, 7) },
      ]),
      expect: 'FAILED',
      reason: /^CORRUPT_DOCUMENT: .*DOCX/,
    },
    {
      name: 'a plain ZIP archive named .docx',
      key: 'hostile/archive.docx',
      body: makeZip([{ name: 'readme.txt', data: Buffer.from(VI_PARAGRAPH) }]),
      expect: 'FAILED',
      reason: /^UNSUPPORTED_FORMAT: .*ZIP archive/,
    },
    {
      name: 'a valid DOCX named .pdf',
      key: 'hostile/lang-nghe.pdf',
      body: docx,
      contentType: 'application/pdf',
      expect: 'PROCESSED',
      findBy: '"gom Bat Trang se mo rong san xuat"',
      check: (doc) => assert.equal(doc.format, 'docx'),
    },

    // Compression
    {
      name: 'gzip-compressed text',
      key: 'hostile/article.txt.gz',
      body: gzipSync(viArticle('Tin nén gzip', 'thị xã Hồng Lĩnh mở lớp dạy bơi miễn phí cho trẻ em')),
      contentType: 'application/gzip',
      expect: 'PROCESSED',
      findBy: '"day boi mien phi cho tre em"',
      check: (doc) => assert.equal(doc.format, 'text+gzip'),
    },
    {
      name: 'a gzip bomb (16 MB of spaces in 16 KB)',
      key: 'hostile/bomb.txt.gz',
      body: gzipSync(Buffer.alloc(16 * 1024 * 1024, ' '), { level: 9 }),
      expect: 'FAILED',
      // Names the decompression, not a made-up file size.
      reason: /^DOCUMENT_TOO_LARGE: The \d+-byte file unpacks to more than \d+ bytes \(a decompression bomb/,
    },
    {
      name: 'a truncated gzip stream',
      key: 'hostile/truncated.txt.gz',
      body: gzipSync(viArticle('Tin nén bị cắt', 'một đoạn văn')).subarray(0, 40),
      expect: 'FAILED',
      reason: /^CORRUPT_DOCUMENT: .*gzip/,
    },
    {
      name: 'gzip inside gzip',
      key: 'hostile/double.txt.gz.gz',
      body: gzipSync(gzipSync(viArticle('Tin nén hai lần', 'một đoạn văn'))),
      expect: 'FAILED',
      reason: /^UNSUPPORTED_FORMAT: .*gzip inside gzip/,
    },

    // Encodings
    {
      name: 'UTF-8 text with invalid byte sequences in the middle',
      key: 'hostile/invalid-utf8.txt',
      body: Buffer.concat([
        Buffer.from(viArticle('Tin có byte hỏng', 'huyện Đức Thọ xây dựng trạm bơm tưới tiêu')),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xa0, 0xe2, 0x28, 0xa1]),
        Buffer.from('\n\nNgười dân phấn khởi vì mùa vụ mới được bảo đảm nước tưới đầy đủ.'),
      ]),
      expect: 'PROCESSED',
      findBy: '"tram bom tuoi tieu"',
      check: (doc) => assert.equal(doc.encoding, 'utf-8'),
    },
    {
      name: 'UTF-16LE without a byte-order mark',
      key: 'hostile/utf16le.txt',
      body: utf16(viArticle('Tin UTF-16LE', 'xã Kỳ Anh trồng rừng ngập mặn ven biển'), 'le'),
      expect: 'PROCESSED',
      findBy: '"rung ngap man ven bien"',
      check: (doc) => assert.equal(doc.encoding, 'utf-16le'),
    },
    {
      name: 'UTF-16BE without a byte-order mark',
      key: 'hostile/utf16be.txt',
      body: utf16(viArticle('Tin UTF-16BE', 'phường Bắc Hà tổ chức ngày hội đọc sách'), 'be'),
      expect: 'PROCESSED',
      findBy: '"ngay hoi doc sach"',
      check: (doc) => assert.equal(doc.encoding, 'utf-16be'),
    },
    {
      name: 'legacy Vietnamese Windows-1258 (tone marks as combining characters)',
      key: 'hostile/windows-1258.txt',
      body: encodeWindows1258(legacyArticle('nông dân huyện Hương Sơn thu hoạch cam bù')),
      expect: 'PROCESSED',
      findBy: '"thu hoach cam bu"',
      check: (doc) => assert.equal(doc.encoding, 'windows-1258'),
    },
    {
      name: 'legacy Vietnamese TCVN3 (ABC)',
      key: 'hostile/tcvn3.txt',
      body: encodeTcvn3(legacyArticle('hợp tác xã nuôi trồng nấm linh chi tại huyện Vũ Quang')),
      expect: 'PROCESSED',
      findBy: '"nuoi trong nam linh chi"',
      check: (doc) => assert.equal(doc.encoding, 'tcvn3'),
    },
    {
      name: 'legacy Vietnamese VISCII',
      key: 'hostile/viscii.txt',
      body: encodeViscii(legacyArticle('ngư dân xã Thạch Kim đóng tàu cá vỏ thép')),
      expect: 'PROCESSED',
      findBy: '"dong tau ca vo thep"',
      check: (doc) => assert.equal(doc.encoding, 'viscii'),
    },

    // HTML shapes
    {
      name: 'HTML nested 100,000 elements deep',
      key: 'hostile/deeply-nested.html',
      body: `<!doctype html><html><body>${'<b>'.repeat(100_000)}<p>${viArticle('', 'ban quản lý dự án hoàn thành kè chống sạt lở bờ sông Ngàn Phố').trim()}</p>${'</b>'.repeat(100_000)}</body></html>`,
      expect: 'PROCESSED',
      findBy: '"ke chong sat lo bo song Ngan Pho"',
    },
    {
      name: 'HTML with only scripts and styles',
      key: 'hostile/script-only.html',
      body: `<!doctype html><html><head><style>${'body{color:red}'.repeat(200)}</style><script>${'var a = "Ủy ban nhân dân tỉnh tổ chức hội nghị";'.repeat(200)}</script></head><body><script>document.write("${VI_PARAGRAPH}")</script><noscript></noscript></body></html>`,
      expect: 'FAILED',
      reason: /^EMPTY_DOCUMENT: /,
    },
    {
      name: 'HTML with only navigation',
      key: 'hostile/nav-only.html',
      body: `<!doctype html><html><body><nav><ul>${['Trang chủ', 'Thời sự', 'Kinh tế', 'Xã hội', 'Văn hóa', 'Thể thao', 'Liên hệ'].map((l) => `<li><a href="/${l}">${l}</a></li>`).join('')}</ul></nav><div class="menu">${['Tin mới', 'Xem nhiều', 'Đăng nhập'].map((l) => `<a href="#">${l}</a>`).join(' | ')}</div><footer>Bản quyền thuộc về Báo điện tử tỉnh. All rights reserved.</footer></body></html>`,
      expect: 'FAILED',
      reason: /^EMPTY_DOCUMENT: /,
    },
    {
      name: 'a Markdown how-to with headings, a list, a link and a code fence',
      key: 'hostile/notes.md',
      body: `# Hướng dẫn nộp hồ sơ trực tuyến\n\nNgười dân có thể nộp hồ sơ qua cổng dịch vụ công của tỉnh mà không phải đến trụ sở cơ quan nhà nước.\n\n## Các bước\n\n- Đăng ký **tài khoản** trên cổng dịch vụ công\n- Chọn thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ\n- Tải lên [bản vẽ](https://example.com/ban-ve.pdf) và nộp lệ phí\n\n\`\`\`\nmã hồ sơ: 000.00.00.H28\n\`\`\`\n`,
      contentType: 'text/markdown',
      expect: 'PROCESSED',
      // A list item after the last paragraph: authored text keeps its lists (a scraped page tail would not).
      findBy: '"cap giay phep xay dung nha o rieng le"',
      check: (doc) => {
        assert.equal(doc.format, 'markdown');
        assert.equal(doc.title, 'Hướng dẫn nộp hồ sơ trực tuyến');
      },
    },

    // Characters
    {
      name: 'text with C0 and C1 control characters and terminal escapes beside the words',
      key: 'hostile/controls.txt',
      body: viArticle('Tin có ký tự điều khiển', 'thành phố Hà Tĩnh lắp đèn chiếu sáng công cộng').replace(/ /g, (s, i: number) => (i % 5 === 0 ? ' \u0007\u001b\u0080\u009b\u007f' : s)),
      expect: 'PROCESSED',
      findBy: '"den chieu sang cong cong"',
      check: (doc) => assert.doesNotMatch(shownText(doc), /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/),
    },
    {
      name: 'text exported from Word: manual line breaks as vertical tabs, page breaks as form feeds, NEL line ends',
      key: 'hostile/word-export.txt',
      body: `Biên bản họp chi bộ\u000bthôn Trung Hòa\n\n${VI_PARAGRAPH}\u000bChi bộ thống nhất xây dựng\u000bnhà văn hóa thôn\u000cvà sân thể thao\u0085cho thanh niên trong năm tới.`,
      expect: 'PROCESSED',
      // Each break stands between two words: the words must stay apart.
      findBy: '"xay dung nha van hoa thon va san the thao cho thanh nien"',
      check: (doc) => assert.doesNotMatch(shownText(doc), /[\u000b\u000c\u0085]/),
    },
    {
      name: 'RTL, emoji and stacked combining marks in one soup',
      key: 'hostile/soup.txt',
      body: `\u202eمرحبا بالعالم\u202c שלום עולם 👨‍👩‍👧‍👦🇻🇳🏳️‍🌈\n\n${'Z̸̢̛̬̫a̷̧̛l̶̨̛g̴̢̛o̵̧̜'.repeat(40)} ${'\u0301\u0323\u0309'.repeat(300)}\n\n${'ॐ ∑∫∂ 𝕯𝖔𝖈 ﷽ '.repeat(50)}`,
      expect: 'PROCESSED',
      check: (doc) => assert.ok(doc.title, 'a title is kept'),
    },
    {
      name: 'mixed Vietnamese and English in one article',
      key: 'hostile/mixed-language.txt',
      body: `Hội thảo quốc tế về chuyển đổi số\n\n${VI_PARAGRAPH} ${EN_PARAGRAPH}\n\nThe workshop on digital transformation in Hà Tĩnh drew experts from Japan and Korea; các chuyên gia chia sẻ kinh nghiệm xây dựng chính quyền điện tử.`,
      expect: 'PROCESSED',
      findBy: '"digital transformation in Ha Tinh"',
    },

    // Keys
    {
      name: 'a key with Vietnamese diacritics',
      key: 'văn bản/Quyết định số 18-QĐ-UBND về cải cách hành chính.txt',
      body: viArticle('Quyết định về cải cách hành chính', 'tỉnh rút ngắn thời gian giải quyết thủ tục đất đai'),
      expect: 'PROCESSED',
      findBy: '"thoi gian giai quyet thu tuc dat dai"',
    },
    {
      name: 'a key in decomposed Unicode (NFD), kept byte for byte',
      key: 'văn bản/nghị quyết NFD.txt'.normalize('NFD'),
      body: viArticle('Nghị quyết của Hội đồng nhân dân', 'hội đồng nhân dân thông qua nghị quyết về học phí'),
      expect: 'PROCESSED',
      findBy: '"nghi quyet ve hoc phi"',
      check: (doc) => assert.equal(doc.key, 'văn bản/nghị quyết NFD.txt'.normalize('NFD')),
    },
    {
      name: 'a key with spaces, plus and percent signs',
      key: 'reports/Báo cáo 100% + phụ lục (bản 2).txt',
      body: viArticle('Báo cáo kèm phụ lục', 'sở tài chính công bố quyết toán ngân sách năm'),
      expect: 'PROCESSED',
      findBy: '"quyet toan ngan sach nam"',
      check: (doc) => assert.equal(doc.key, 'reports/Báo cáo 100% + phụ lục (bản 2).txt'),
    },
    {
      name: 'a key holding escape sequences literally (%20, %2F, +)',
      key: 'reports/a%20b%2Fc+d.txt',
      body: viArticle('Tên tệp có mã thoát', 'trường tiểu học khai giảng lớp tin học cho học sinh'),
      expect: 'PROCESSED',
      findBy: '"lop tin hoc cho hoc sinh"',
      check: (doc) => assert.equal(doc.key, 'reports/a%20b%2Fc+d.txt'),
    },
    {
      name: 'a key of exactly 1,024 bytes (the S3 maximum)',
      key: keyOfLength('keys/max-length/', 1024),
      body: viArticle('Khóa dài tối đa', 'công an tỉnh ra mắt ứng dụng tố giác tội phạm'),
      expect: 'PROCESSED',
      findBy: '"ung dung to giac toi pham"',
      check: (doc) => assert.equal(Buffer.byteLength(doc.key), 1024),
    },
    {
      name: 'a key with URL delimiters ? # & =',
      key: 'q/what?is#this&a=b.txt',
      body: viArticle('Khóa có ký tự URL', 'ngân hàng chính sách xã hội giải ngân vốn vay học sinh sinh viên'),
      expect: 'PROCESSED',
      findBy: '"von vay hoc sinh sinh vien"',
      check: (doc) => assert.equal(doc.key, 'q/what?is#this&a=b.txt'),
    },
    {
      name: 'a key starting with two dots that is not a dot segment (..foo/x.txt)',
      key: '..foo/x.txt',
      body: viArticle('Khóa bắt đầu bằng hai chấm', 'đoàn thanh niên ra quân chiến dịch mùa hè xanh'),
      expect: 'PROCESSED',
      findBy: '"chien dich mua he xanh"',
    },
    {
      name: 'a key with three dots in a name (a/...b.txt)',
      key: 'a/...b.txt',
      body: viArticle('Khóa có ba chấm', 'hội nông dân tập huấn kỹ thuật trồng lúa hữu cơ'),
      expect: 'PROCESSED',
      findBy: '"trong lua huu co"',
    },
    {
      name: 'a key with a line break, a tab and a control character',
      key: 'keys/dòng\nmới\ttab\u0001.txt',
      body: viArticle('Khóa có ký tự điều khiển', 'bưu điện tỉnh mở dịch vụ chuyển phát hồ sơ hành chính'),
      expect: 'PROCESSED',
      findBy: '"chuyen phat ho so hanh chinh"',
      check: (doc) => assert.equal(doc.key, 'keys/dòng\nmới\ttab\u0001.txt'),
    },
    {
      name: 'a key with a percent sign that is no escape (%zz)',
      key: 'keys/giảm 50%zz.txt',
      body: viArticle('Khóa có phần trăm lẻ', 'siêu thị giảm giá hàng Việt trong tháng khuyến mại'),
      expect: 'PROCESSED',
      findBy: '"giam gia hang Viet"',
      check: (doc) => assert.equal(doc.key, 'keys/giảm 50%zz.txt'),
    },
    {
      name: 'a "folder" key ending in a slash that holds content',
      key: 'keys/thư mục/',
      body: viArticle('Khóa kết thúc bằng gạch chéo', 'trung tâm y tế huyện khám sàng lọc tim bẩm sinh cho trẻ'),
      expect: 'PROCESSED',
      findBy: '"sang loc tim bam sinh"',
      check: (doc) => assert.equal(doc.key, 'keys/thư mục/'),
    },
    {
      name: 'a key with emoji and a flag',
      key: 'keys/tin vui 🎉🇻🇳.txt',
      body: viArticle('Khóa có biểu tượng cảm xúc', 'đội tuyển bóng đá nữ giành huy chương vàng khu vực'),
      expect: 'PROCESSED',
      findBy: '"bong da nu gianh huy chuong vang"',
    },
  ];
  return inputs;
}

/** A key the local S3 refuses at the PUT (real S3 would store it), and how clearly it says why. */
export interface RefusedKey {
  name: string;
  key: string;
  /** What the refusal must say for a person to know what to do. */
  explains: RegExp;
}

/**
 * Path-traversal-looking keys: s3rver would store them outside its folder, so the local S3 guard
 * (local/s3-key-guard.ts) refuses them with a 400 InvalidArgument before s3rver sees them.
 */
export const DOT_SEGMENT_KEYS: RefusedKey[] = [
  { name: 'a key climbing out of the bucket (../../x.txt)', key: '../../x.txt', explains: /"\." or "\.\." path segments.*Rename the key/ },
  { name: 'a key with a .. segment in the middle (a/../b.txt)', key: 'a/../b.txt', explains: /"\." or "\.\." path segments.*Rename the key/ },
];

/**
 * Keys with an empty path segment: valid in S3, but s3rver's router (`/:bucket/:key+`) matches no
 * empty segment, so the PUT gets a bare 404 "Not Found" that the SDK reports as an XML parse error.
 */
export const EMPTY_SEGMENT_KEYS: RefusedKey[] = [
  { name: 'a key with an empty path segment (a/b//c.txt)', key: 'a/b//c.txt', explains: /empty path segment|"\/\/"/i },
  { name: 'a key starting with a slash (/leading.txt)', key: '/leading.txt', explains: /empty path segment|leading "\/"/i },
];

/** Lower-case text (the legacy 8-bit encodings cover every Vietnamese lower-case letter, not every capital). */
function legacyArticle(phrase: string): string {
  return `Tin tức địa phương\n\nSáng nay, ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm với sự tham dự của đông đảo cán bộ, đảng viên. Đặc biệt, ${phrase}.\n\nHội nghị cũng đề ra nhiệm vụ trọng tâm cho năm tới của tỉnh.`;
}

/** `size` bytes of spaces, raw-deflated, with their CRC: a zip bomb's payload. */
function spaces(size: number): { body: Buffer; crc: number; size: number } {
  const data = Buffer.alloc(size, ' ');
  return { body: deflateRawSync(data, { level: 9 }), crc: crc32(data), size };
}

/** Ordinary short articles mixed into the hostile batch; each is found by its own phrase. */
export function goodDocuments(): Array<{ key: string; body: string; findBy: string }> {
  const vi = [
    ['Khánh thành nhà máy nước sạch Kỳ Lạc', 'nhà máy nước sạch Kỳ Lạc cung cấp nước cho ba nghìn hộ dân'],
    ['Lễ hội đua thuyền trên sông La', 'lễ hội đua thuyền truyền thống trên sông La thu hút hàng nghìn du khách'],
    ['Trồng mới rừng thông ở Hương Khê', 'huyện Hương Khê trồng mới hai trăm héc ta rừng thông nhựa'],
    ['Mở rộng chợ đêm Đồng Lộc', 'chợ đêm Đồng Lộc được mở rộng thêm một trăm gian hàng'],
    ['Học sinh giỏi quốc gia môn hóa', 'đội tuyển hóa học của tỉnh giành mười giải học sinh giỏi quốc gia'],
    ['Sửa chữa đê biển Cẩm Nhượng', 'tuyến đê biển Cẩm Nhượng được gia cố trước mùa mưa bão'],
    ['Hợp tác xã mật ong Vũ Quang', 'hợp tác xã mật ong Vũ Quang xuất khẩu lô hàng đầu tiên sang Nhật Bản'],
    ['Phục dựng đình làng Trung Lễ', 'đình làng Trung Lễ được phục dựng theo kiến trúc cổ thế kỷ mười tám'],
    ['Giải chạy việt dã Hồng Lam', 'giải chạy việt dã Hồng Lam thu hút một nghìn vận động viên'],
    ['Tiêm chủng mở rộng cho trẻ em', 'chiến dịch tiêm vắc xin sởi cho trẻ em dưới năm tuổi đạt kết quả cao'],
  ] as const;
  const en = [
    ['Harbour bridge reopens', 'the harbour bridge reopened after eighteen months of seismic retrofitting'],
    ['Library opens night reading room', 'the central library opened a night reading room for shift workers'],
    ['Orchard growers try drone pollination', 'orchard growers tested drone pollination on pear trees this spring'],
    ['Ferry timetable changes in winter', 'the island ferry will run a reduced winter timetable from December'],
    ['Students build a solar boat', 'engineering students built a solar boat that crossed the lagoon'],
    ['Museum restores a steam locomotive', 'volunteers restored a steam locomotive built in nineteen twelve'],
    ['Wetland birds counted', 'rangers counted eleven thousand wading birds in the coastal wetland'],
    ['New cycle lanes downtown', 'the council painted protected cycle lanes along the riverside avenue'],
    ['Bakery wins bread award', 'a family bakery won the national sourdough award for its rye loaf'],
    ['Clinic extends opening hours', 'the rural clinic now opens on saturday mornings for vaccinations'],
  ] as const;
  const docs = vi.map(([title, phrase], i) => ({
    key: `good/vi-${String(i + 1).padStart(2, '0')}.txt`,
    body: `${title}\n\n${VI_PARAGRAPH} Đặc biệt, ${phrase}.\n\nĐây là tin số ${i + 1} trong chuyên mục thời sự địa phương của báo.`,
    findBy: `"${phrase.split(' ').slice(0, 6).join(' ')}"`,
  }));
  for (const [i, [title, phrase]] of en.entries()) {
    docs.push({
      key: `good/en-${String(i + 1).padStart(2, '0')}.txt`,
      body: `${title}\n\n${EN_PARAGRAPH} Notably, ${phrase}.\n\nThis is item ${i + 1} of the local news column.`,
      findBy: `"${phrase.split(' ').slice(0, 6).join(' ')}"`,
    });
  }
  return docs;
}
