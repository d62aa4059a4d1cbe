import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { DocumentTooLargeError, EmptyDocumentError, UnsupportedFormatError } from '../../shared/domain/errors.ts';
import { processDocument } from '../../shared/domain/process-document.ts';

const ARTICLE = 'Tiêu đề bài viết\n\nNgày 18/6, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2018 với sự tham dự của lãnh đạo các sở, ngành.';

describe('decoding', async () => {
  it('reads UTF-8 with and without a BOM the same way', async () => {
    const plain = await processDocument(Buffer.from(ARTICLE));
    const bom = await processDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ARTICLE)]));
    assert.equal(bom.title, plain.title);
    assert.equal(bom.body, plain.body);
    assert.equal(bom.encoding, 'utf-8');
  });
  it('detects UTF-16 LE without a BOM from the zero bytes', async () => {
    const doc = await processDocument(Buffer.from(ARTICLE, 'utf16le'));
    assert.equal(doc.encoding, 'utf-16le');
    assert.equal(doc.title, 'Tiêu đề bài viết');
  });
  it('reads UTF-16 BE with a BOM', async () => {
    const le = Buffer.from(ARTICLE, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    const doc = await processDocument(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    assert.equal(doc.encoding, 'utf-16be');
    assert.match(doc.body, /Ủy ban nhân dân tỉnh/);
  });
  it('counts invalid UTF-8 bytes as replacement characters instead of throwing', async () => {
    const doc = await processDocument(Buffer.concat([Buffer.from(ARTICLE), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' hết.')]));
    assert.equal(doc.replacementChars, 2);
  });
  it('reads a UTF-8 file cut in the middle of its last character as UTF-8, with one replacement', async () => {
    const bytes = Buffer.from(`${ARTICLE} Việt`);
    const doc = await processDocument(bytes.subarray(0, bytes.length - 2));
    assert.equal(doc.encoding, 'utf-8');
    assert.equal(doc.replacementChars, 1);
  });
  it('reads gzip-compressed text and says so in the format', async () => {
    const doc = await processDocument(gzipSync(Buffer.from(ARTICLE)));
    assert.equal(doc.format, 'text+gzip');
    assert.equal(doc.title, 'Tiêu đề bài viết');
  });
  it('stops a gzip bomb at the size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x61));
    await assert.rejects(processDocument(bomb, { maxBytes: 1024 * 1024 }), DocumentTooLargeError);
  });
  it('names the detected format when it cannot read it', async () => {
    await assert.rejects(processDocument(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), (e: unknown) => e instanceof UnsupportedFormatError && /PNG image/.test(e.message));
    await assert.rejects(processDocument(randomBytes(4096)), UnsupportedFormatError);
  });
  it('rejects an empty file with EmptyDocumentError', async () => {
    await assert.rejects(processDocument(new Uint8Array()), EmptyDocumentError);
    await assert.rejects(processDocument(Buffer.from(' \n\u00A0\n ')), EmptyDocumentError);
  });
  it('rejects input over the size limit before reading it', async () => {
    await assert.rejects(processDocument(Buffer.alloc(2048, 0x61), { maxBytes: 1024 }), DocumentTooLargeError);
  });
});

describe('formats', async () => {
  it('extracts the article from an HTML page and drops nav, footer, scripts and link lists', async () => {
    const html = `<!doctype html><html><head><title>Trang</title><meta property="og:site_name" content="Example.vn"></head><body>
      <nav><a href="/">Trang chủ</a> <a href="/a">Thời sự</a></nav>
      <article><h1>Giá lúa tăng</h1><p>Giá lúa tại các tỉnh đồng bằng tăng mạnh trong tuần qua, nhiều hợp tác xã đã ký hợp đồng bao tiêu với doanh nghiệp.</p>
      <ul><li><a href="/x">Tin liên quan một</a></li><li><a href="/y">Tin liên quan hai</a></li></ul></article>
      <footer>© 2024 Example</footer><script>var x = "Giá lúa";</script></body></html>`;
    const doc = await processDocument(Buffer.from(html));
    assert.equal(doc.format, 'html');
    assert.equal(doc.title, 'Giá lúa tăng');
    assert.equal(doc.source, 'Example.vn');
    assert.match(doc.body, /hợp tác xã đã ký hợp đồng/);
    for (const boilerplate of ['Trang chủ', 'Tin liên quan', '© 2024', 'var x']) assert.ok(!doc.body.includes(boilerplate), boilerplate);
  });
  it('keeps the article after a menu that contains line breaks', async () => {
    const html = `<html><body><nav><a href="/">Trang chủ</a><br><a href="/a">Thời sự</a><br/></nav>
      <h1>Giá lúa tăng</h1><p>Giá lúa tại các tỉnh đồng bằng tăng mạnh trong tuần qua, nhiều hợp tác xã đã ký hợp đồng bao tiêu với doanh nghiệp.</p></body></html>`;
    const doc = await processDocument(Buffer.from(html));
    assert.equal(doc.title, 'Giá lúa tăng');
    assert.match(doc.body, /hợp tác xã đã ký hợp đồng/);
  });
  it('strips Markdown syntax and takes the first level-one heading as the title', async () => {
    const md = '# Hướng dẫn\n\nDùng **docpipe** để [tìm kiếm](https://example.vn) văn bản,\nkể cả khi gõ không dấu.\n\n- mục một\n- mục hai\n';
    const doc = await processDocument(Buffer.from(md));
    assert.equal(doc.format, 'markdown');
    assert.equal(doc.title, 'Hướng dẫn');
    assert.match(doc.body, /Dùng docpipe để tìm kiếm văn bản, kể cả khi gõ không dấu\./);
  });
  it('keeps an English article and recognises its language and byline', async () => {
    const text = 'River clean-up draws hundreds\n\nBy Jane Doe\n\nMore than 600 volunteers spent Saturday clearing plastic from the river, and the organisers said that a third of it could be recycled.\n\nShare this article: Facebook | Twitter\n';
    const doc = await processDocument(Buffer.from(text));
    assert.equal(doc.language, 'en');
    assert.deepEqual(doc.authors, ['Jane Doe']);
    assert.ok(!doc.body.includes('Share this article'));
  });
  it('recognises Vietnamese written without diacritics', async () => {
    const doc = await processDocument(Buffer.from('Hoi nghi tong ket\n\nSang nay, uy ban nhan dan tinh to chuc hoi nghi tong ket cong tac cua nam va de ra nhiem vu cho nam toi voi cac so nganh.'));
    assert.equal(doc.language, 'vi');
  });
});
