import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { RAW_BUCKET } from '../../local/local-clients.ts';
import type { LocalStack } from '../../local/local-stack.ts';
import { convertWithLibreOffice, skipWithoutLibreOffice } from '../support/libreoffice.ts';
import { startTestStack, waitUntilSettled } from '../support/local-stack.ts';
import { makeImagePdf, makeScannedPage, skipWithoutScanFont } from '../support/make-scan.ts';
import { makeDocx, makeDocxWithRuns } from '../support/make-zip.ts';

/** What Word stores for text typed in `.VnTime`: the TCVN3 bytes as Windows-1252 characters. */
const typedInTcvn3 = (text: string): string => new TextDecoder('windows-1252').decode(iconv.encode(text, 'tcvn'));

describe('legacy formats end to end on the local stack (scan, Word 97, .VnTime DOCX → searchable)', () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  const put = (key: string, body: Uint8Array) => stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body }));
  const keysFound = async (q: string): Promise<string[]> => {
    const res = await fetch(`${stack.endpoints.http}/search?q=${encodeURIComponent(q)}&size=10`);
    assert.equal(res.status, 200);
    return ((await res.json()) as { hits: Array<{ key: string }> }).hits.map((h) => h.key);
  };
  const ingest = async (key: string, body: Uint8Array): Promise<void> => {
    await put(key, body);
    const [status] = await waitUntilSettled(stack, [stack.idOf(key)], 180_000);
    assert.equal(status?.status, 'PROCESSED', JSON.stringify(status));
  };

  before(async () => {
    ({ stack, cleanup } = await startTestStack());
  });
  after(() => cleanup());

  it('makes a scanned PDF searchable by a phrase from its pages, with and without diacritics', { skip: skipWithoutScanFont }, async () => {
    const pages = [
      makeScannedPage(['CÔNG VĂN', '', 'Về việc kiểm tra công tác phòng chống thiên tai', '', 'Sở Nông nghiệp đề nghị các huyện rà soát đê điều trước mùa mưa bão.'], { dpi: 200, footer: 'Trang 1' }),
      makeScannedPage(['Các địa phương báo cáo kết quả trước ngày 30 tháng 6.'], { dpi: 200, footer: 'Trang 2' }),
    ];
    await ingest('archive/cong-van-scan.pdf', makeImagePdf(pages));
    assert.ok((await keysFound('"rà soát đê điều"')).includes('archive/cong-van-scan.pdf'));
    assert.ok((await keysFound('"ra soat de dieu"')).includes('archive/cong-van-scan.pdf'));
    assert.ok((await keysFound('"bao cao ket qua truoc ngay"')).includes('archive/cong-van-scan.pdf'));
    const row = await stack.metadata.get(stack.idOf('archive/cong-van-scan.pdf'));
    assert.equal(row?.ocr?.pages, 2);
  });

  it('makes a Word 97 .doc searchable, with and without diacritics', { skip: skipWithoutLibreOffice }, async () => {
    const doc = convertWithLibreOffice(makeDocx([{ heading: 'Kế hoạch chuyển đổi số' }, 'Ủy ban nhân dân huyện triển khai dịch vụ công trực tuyến mức độ bốn cho người dân.']), 'ke-hoach.docx', 'doc:MS Word 97', 'doc');
    await ingest('archive/ke-hoach.doc', doc);
    assert.ok((await keysFound('"dịch vụ công trực tuyến"')).includes('archive/ke-hoach.doc'));
    assert.ok((await keysFound('"dich vu cong truc tuyen"')).includes('archive/ke-hoach.doc'));
  });

  it('makes a DOCX typed in .VnTime searchable in Unicode, with and without diacritics', async () => {
    const docx = makeDocxWithRuns([
      { runs: [{ text: typedInTcvn3('Thông báo lịch tiếp công dân'), font: '.VnTime' }] },
      { runs: [{ text: typedInTcvn3('Chủ tịch Ủy ban nhân dân tỉnh tiếp công dân định kỳ vào ngày mười lăm hằng tháng tại trụ sở tiếp dân.'), font: '.VnTime' }] },
    ]);
    await ingest('archive/thong-bao-vntime.docx', docx);
    assert.ok((await keysFound('"tiếp công dân định kỳ"')).includes('archive/thong-bao-vntime.docx'));
    assert.ok((await keysFound('"tiep cong dan dinh ky"')).includes('archive/thong-bao-vntime.docx'));
    const row = await stack.metadata.get(stack.idOf('archive/thong-bao-vntime.docx'));
    assert.deepEqual(row?.legacyFonts, [{ font: '.VnTime', encoding: 'tcvn3', runs: 2 }]);
  });
});
