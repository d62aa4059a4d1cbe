import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldDiacritics, normalizeText } from '../../shared/domain/text/normalize.ts';

describe('normalizeText', () => {
  it('composes decomposed (NFD) Vietnamese into NFC', () => {
    assert.equal(normalizeText('Ủy ban'.normalize('NFD')), 'Ủy ban');
  });
  it('turns an Icelandic Eth that starts a word into Đ, and leaves Icelandic words alone', () => {
    assert.equal(normalizeText('\u00D0ảng ủy và \u00F0ồng chí'), 'Đảng ủy và đồng chí');
    assert.equal(normalizeText('Guðmundur'), 'Guðmundur');
  });
  it('removes zero-width characters and soft hyphens, turns NBSP into a space, CRLF into LF', () => {
    assert.equal(normalizeText('a\u200Bb\u00ADc\u00A0d\r\ne'), 'abc d\ne');
  });
  it('inserts the missing space after a sentence end', () => {
    assert.equal(normalizeText('Chủ tịch UBND tỉnh.Đồng chí Hồ'), 'Chủ tịch UBND tỉnh. Đồng chí Hồ');
  });
  it('does not split dates, standards, initials, URLs or decimals', () => {
    for (const text of ['đợt 19.5.2020', 'ISO 9001:2008', 'Ảnh: N.Đ', 'xem baonghean.vn/Tin.html', 'tăng 28,93%', 'version 2.Beta']) {
      assert.equal(normalizeText(text), text);
    }
  });
  it('tidies the lines that need it (spaces at the ends, runs of spaces, a missing space) between lines that do not', () => {
    const text = 'Dòng một.\n  Dòng  hai \nDòng ba\ntỉnh.Đồng chí\n\u2028\nDòng cuối \u2029';
    assert.equal(normalizeText(text), 'Dòng một.\nDòng hai\nDòng ba\ntỉnh. Đồng chí\n\nDòng cuối');
  });
});

describe('foldDiacritics', () => {
  it('removes tone marks and folds đ to d, which NFD alone does not', () => {
    assert.equal(foldDiacritics('Hồ Đức Phớc thuỷ hòa'), 'ho duc phoc thuy hoa');
  });
});
