import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseRecord, INDEX_TEXT_LIMIT, processedRecord } from '../../shared/domain/document-record.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import { toIndexDocument } from '../../shared/services/processed-objects.ts';

describe('what the search index receives', () => {
  it('cuts a text longer than INDEX_TEXT_LIMIT at a word and records the cut on the row', async () => {
    const doc = await processDocument(new TextEncoder().encode('Tiêu đề\n\nMột đoạn ngắn.'));
    const long = { ...doc, body: 'lời '.repeat(Math.ceil(INDEX_TEXT_LIMIT / 4) + 1000).trim() };
    const record = processedRecord(baseRecord('id', { bucket: 'raw', key: 'k' }, { size: 1 }, new Date()), long, 'documents/x.json', null);
    const indexed = toIndexDocument(record, { document: long });
    assert.ok(indexed.body.length <= INDEX_TEXT_LIMIT);
    assert.ok(indexed.body.endsWith('lời'), 'cut between words');
    assert.deepEqual(record.indexTruncation, { indexedChars: indexed.body.length, totalChars: long.body.length });
  });

  it('indexes kicker, body and captions whole when they fit, and records no cut', async () => {
    const doc = await processDocument(new TextEncoder().encode('Tiêu đề\n\nMột đoạn ngắn về hội nghị.'));
    const record = processedRecord(baseRecord('id', { bucket: 'raw', key: 'k' }, { size: 1 }, new Date()), doc, 'documents/x.json', null);
    assert.equal(record.indexTruncation, null);
    assert.equal(toIndexDocument(record, { document: doc }).body, doc.body);
  });

  it('gives captions a field of their own, out of the body', async () => {
    const doc = { ...(await processDocument(new TextEncoder().encode('Tiêu đề\n\nMột đoạn ngắn về hội nghị.'))), captions: ['Ảnh: đại biểu dự hội nghị', 'Ảnh: toàn cảnh'] };
    const indexed = toIndexDocument({ id: 'id', key: 'k', etag: null }, { document: doc });
    assert.equal(indexed.captions, 'Ảnh: đại biểu dự hội nghị\n\nẢnh: toàn cảnh');
    assert.ok(!indexed.body.includes('Ảnh'), indexed.body);
  });
});
