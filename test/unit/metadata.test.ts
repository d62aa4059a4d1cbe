import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processDocument } from '../../shared/domain/process-document.ts';
import { extractAbbreviations } from '../../shared/domain/metadata/abbreviations.ts';
import { datesMentioned, publishedDate } from '../../shared/domain/metadata/dates.ts';
import { extractDocRefDetails } from '../../shared/domain/metadata/doc-refs.ts';
import { extractEntities } from '../../shared/domain/metadata/entities.ts';
import { detectLanguage } from '../../shared/domain/metadata/language.ts';
import { extractPeople } from '../../shared/domain/metadata/people.ts';
import { extractKeywords, readingMinutes, summarize } from '../../shared/domain/metadata/summary.ts';
import { fingerprintBands, hammingDistance, simhash } from '../../shared/domain/text/simhash.ts';

const rolesOf = (text: string): Record<string, string> => extractEntities(text, extractPeople(text)).roles;
const organizationsOf = (text: string): string[] => extractEntities(text, extractPeople(text)).organizations;

describe('published date', () => {
  const context = 'Sơ kết 6 tháng đầu năm 2012, triển khai nhiệm vụ năm 2013 - 2015';
  const cases: Array<[string, string]> = [
    ['Thứ ba 20/4/2021', '2021-04-20'],
    ['Ngày 18/6, tại trụ sở Tỉnh ủy', '2012-06-18'],
    ['Sáng 10/7, dưới sự chủ trì', '2012-07-10'],
    ['Chiều nay 21/8, Ban cán sự Đảng', '2012-08-21'],
    ['19.5.2020', '2020-05-19'],
    ['Hà Nội, ngày 20 tháng 4 năm 2021', '2021-04-20'],
    ['2021-04-20T08:15:00+07:00', '2021-04-20'],
    ['VINH, March 3, 2024 - More than 600 volunteers', '2024-03-03'],
    ['3 March 2024', '2024-03-03'],
    ['Cập nhật: 08:15 | 20/04/2021', '2021-04-20'],
  ];
  for (const [text, date] of cases) {
    it(`reads ${JSON.stringify(text)} as ${date}, keeping the evidence`, () => {
      const found = publishedDate([text], context);
      assert.equal(found?.date, date);
      assert.ok(found && text.includes(found.evidence), `evidence ${found?.evidence} is not in the text`);
    });
  }
  it('takes a missing year from the article\'s "năm YYYY", not from a term "2013 - 2015"', () => {
    assert.equal(publishedDate(['Ngày 18/6, tại trụ sở'], context)?.date, '2012-06-18');
  });
  it('takes a missing year from a text with more years than a call can take as arguments', () => {
    // 200,000 "năm YYYY": their maximum was once `Math.max(...years)`, which overflowed the stack.
    const context = Array.from({ length: 200_000 }, (_, i) => `năm ${2000 + (i % 20)}`).join(', ');
    assert.equal(publishedDate(['Ngày 18/6, tại trụ sở'], context)?.date, '2019-06-18');
  });
  it('does not read numbers or impossible days as dates', () => {
    assert.equal(publishedDate(['12.5 percent of the vote'], context), undefined);
    assert.equal(publishedDate(['Ngày 31/2, tại'], context), undefined);
  });
  it('lists every full date mentioned, in text order, once', () => {
    assert.deepEqual(datesMentioned('Ngày 19.5.2020 và ngày 20 tháng 4 năm 2021; ISO 2021-04-20, March 3, 2024, 19/5/2020.'), ['2020-05-19', '2021-04-20', '2024-03-03']);
  });
});

describe('people and roles', () => {
  it('finds the role of a person whose name starts in lower case (a particle), and of one in capitals beside it', () => {
    const text = 'Ông de Vries, Giám đốc Sở Giáo dục và Đào tạo, cho biết. Ông Trần Văn Bình - Chủ tịch UBND tỉnh dự họp.';
    assert.deepEqual(extractEntities(text, ['de Vries', 'Trần Văn Bình']).roles, { 'de Vries': 'Giám đốc Sở Giáo dục và Đào tạo', 'Trần Văn Bình': 'Chủ tịch UBND tỉnh' });
  });
  it('reads "NAME - ROLE; …" up to the semicolon', () => {
    assert.deepEqual(rolesOf('Dự buổi làm việc có đồng chí Hồ Đức Phớc - Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; các đồng chí trong BTV Tỉnh ủy.'), {
      'Hồ Đức Phớc': 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh',
    });
  });
  it('reads each person of a "Tham dự có các đồng chí:" list', () => {
    const text = 'Tham dự có các đồng chí: Phan Văn Phụng, UVBTVTU, Trưởng Ban Nội chính Tỉnh ủy; Hồ Đại Nam, UVBTVTU, Trưởng Ban Tuyên giáo Tỉnh ủy.';
    assert.deepEqual(rolesOf(text), {
      'Phan Văn Phụng': 'UVBTVTU, Trưởng Ban Nội chính Tỉnh ủy',
      'Hồ Đại Nam': 'UVBTVTU, Trưởng Ban Tuyên giáo Tỉnh ủy',
    });
  });
  it('ends a role where the sentence goes on ("cho biết", "chủ trì")', () => {
    assert.deepEqual(rolesOf('Ông Văn Anh Tuấn - Bí thư Đảng ủy Văn phòng UBND tỉnh cho biết, Đảng ủy tập trung lãnh đạo.'), {
      'Văn Anh Tuấn': 'Bí thư Đảng ủy Văn phòng UBND tỉnh',
    });
    assert.deepEqual(rolesOf('Đồng chí Phạm Đức Châu, Phó Bí thư Thường trực Tỉnh ủy chủ trì buổi giao ban.'), {
      'Phạm Đức Châu': 'Phó Bí thư Thường trực Tỉnh ủy',
    });
  });
  it('reads a role written before the name', () => {
    assert.deepEqual(rolesOf('Thay mặt Ban Thường vụ Tỉnh ủy, Phó Bí thư Thường trực Tỉnh ủy Lê Văn Dũng trao Huy hiệu Đảng.'), {
      'Lê Văn Dũng': 'Phó Bí thư Thường trực Tỉnh ủy',
    });
    assert.deepEqual(rolesOf('Bí thư Đảng ủy Khối các cơ quan tỉnh - Bùi Võ Quảng đánh giá cao kết quả.'), {
      'Bùi Võ Quảng': 'Bí thư Đảng ủy Khối các cơ quan tỉnh',
    });
  });
  it('stops at the next phrase when it is the subject, not a title', () => {
    const text = 'Sáng 10/7, dưới sự chủ trì của đồng chí Hồ Phúc Hợp - Tỉnh ủy viên, Bí thư Đảng ủy, Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị.';
    assert.deepEqual(rolesOf(text), { 'Hồ Phúc Hợp': 'Tỉnh ủy viên, Bí thư Đảng ủy' });
  });
  it('gives no role to a person named without one, and no person to streets or photo credits', () => {
    const text = 'Các hộ kinh doanh trên đường Lê Lợi được sắp xếp lại. Học tập và làm theo tư tưởng Hồ Chí Minh. Ảnh: Trần Hậu';
    assert.deepEqual(extractPeople(text), ['Hồ Chí Minh']);
    assert.deepEqual(rolesOf(text), {});
  });
});

describe('organizations', () => {
  it('takes the longest name as written and stops where the sentence goes on', () => {
    assert.deepEqual(organizationsOf('Sở Y tế Nghệ An vừa phối hợp với Bệnh viện Sản Nhi Nghệ An tổ chức khám bệnh.'), ['Sở Y tế Nghệ An', 'Bệnh viện Sản Nhi Nghệ An']);
  });
  it('reads organisations inside roles, and "Tỉnh ủy" standing alone', () => {
    assert.deepEqual(organizationsOf('Ông Lê Văn Hải, Trưởng Ban Dân vận Tỉnh ủy cho biết Tỉnh ủy đã chỉ đạo.'), ['Ban Dân vận Tỉnh ủy', 'Tỉnh ủy']);
  });
  it('keeps "và" inside one name but splits two bodies joined by it', () => {
    assert.deepEqual(organizationsOf('Sở Giáo dục và Đào tạo làm việc với UBND tỉnh và Đảng ủy Khối các cơ quan tỉnh.'), [
      'Sở Giáo dục và Đào tạo', 'UBND tỉnh', 'Đảng ủy Khối các cơ quan tỉnh',
    ]);
  });
  it('does not take ordinary words that start like a body ("Ban đầu", "Sở dĩ") or titles ("Tỉnh ủy viên")', () => {
    assert.deepEqual(organizationsOf('Ban đầu, mọi việc khó khăn. Sở dĩ như vậy là do ông là Tỉnh ủy viên.'), []);
  });
});

describe('document references', () => {
  it('normalises codes and spells out type and issuer', () => {
    const refs = extractDocRefDetails('Nghị quyết 18-NQ/TW, Kế hoạch 86-KH/TU, Chỉ thị 03- CT/TƯ, Nghị quyết 14/2005/NQ-CP, Quyết định 512/QĐ-UBND, Quyết định 10/2023/QĐ-TTg và Chỉ thị 03 của Bộ Chính trị.');
    assert.deepEqual(refs.map((r) => r.ref), ['18-NQ/TW', '86-KH/TU', '03-CT/TW', '14/2005/NQ-CP', '512/QĐ-UBND', '10/2023/QĐ-TTg', 'Chỉ thị 03']);
    assert.deepEqual(refs[0], { ref: '18-NQ/TW', number: '18', year: null, type: 'NQ', typeName: 'Nghị quyết', issuer: 'TW', issuerName: 'Ban Chấp hành Trung ương' });
    assert.deepEqual(refs[3], { ref: '14/2005/NQ-CP', number: '14', year: 2005, type: 'NQ', typeName: 'Nghị quyết', issuer: 'CP', issuerName: 'Chính phủ' });
    assert.equal(refs[5]?.issuerName, 'Thủ tướng Chính phủ');
    assert.deepEqual(refs[6], { ref: 'Chỉ thị 03', number: '03', year: null, type: 'CT', typeName: 'Chỉ thị', issuer: null, issuerName: null });
  });
  it('does not read dates, scores or phone numbers as references', () => {
    assert.deepEqual(extractDocRefDetails('Ngày 19/5/2020, tỉ số 2-1, gọi 0238/3844 555, COVID-19.'), []);
  });
});

describe('abbreviations', () => {
  it('uses the text\'s own definition before the dictionary', () => {
    assert.deepEqual(extractAbbreviations('Ban Chấp hành (BCH) Đảng bộ tỉnh và Trung tâm Hành chính công (TTHCC) họp.'), {
      BCH: 'Ban Chấp hành',
      TTHCC: 'Trung tâm Hành chính công',
    });
  });
  it('expands dictionary abbreviations used as words, not those inside codes', () => {
    assert.deepEqual(extractAbbreviations('UBND tỉnh và HĐND tỉnh thực hiện 18-NQ/TW; CCHC, KT-XH ổn định.'), {
      UBND: 'Ủy ban nhân dân',
      HĐND: 'Hội đồng nhân dân',
      CCHC: 'cải cách hành chính',
      'KT-XH': 'kinh tế - xã hội',
    });
  });
});

describe('language', () => {
  it('recognises Vietnamese with and without diacritics, and English', () => {
    assert.equal(detectLanguage('Cải cách hành chính'), 'vi');
    assert.equal(detectLanguage('bao cao ket qua'), 'vi');
    assert.equal(detectLanguage('Nghe An: mua lu gay thiet hai nang'), 'vi');
    assert.equal(detectLanguage('The river cleanup drew 600 volunteers on Saturday'), 'en');
  });
  it('says "und" rather than guess on too little or other languages', () => {
    assert.equal(detectLanguage('Lam River'), 'und');
    assert.equal(detectLanguage('Der Fluss ist wieder sauber'), 'und');
    assert.equal(detectLanguage(''), 'und');
  });
});

describe('summary, reading time and keywords', () => {
  it('summarises with the lead, whole sentences, at most 400 characters', () => {
    const lead = 'Câu thứ nhất nói về hội nghị sơ kết công tác cải cách hành chính của tỉnh trong quý I năm 2024 với nhiều kết quả. Câu thứ hai nêu nhiệm vụ trọng tâm trong thời gian tới của các sở, ban, ngành và địa phương. Câu thứ ba không cần.';
    const summary = summarize(lead, []);
    assert.ok(summary?.endsWith('địa phương.'), summary ?? 'null');
    assert.ok((summary?.length ?? 0) <= 400);
    assert.equal(summarize(null, ['x'.repeat(1000)])?.length, 400);
    assert.equal(summarize(null, []), null);
  });
  it('estimates reading minutes at 200 words a minute, at least one for any text', () => {
    assert.equal(readingMinutes(0), 0);
    assert.equal(readingMinutes(30), 1);
    assert.equal(readingMinutes(1000), 5);
  });
  it('finds the repeated multi-syllable topics of a Vietnamese text, not names or function words', () => {
    const text = 'UBND huyện Hòa Bình đẩy mạnh cải cách hành chính. Công tác cải cách hành chính giúp giảm thủ tục hành chính. Tỷ lệ hồ sơ trực tuyến tăng; hồ sơ trực tuyến được giải quyết đúng hạn. Thủ tục hành chính được công khai.';
    const keywords = extractKeywords(text, 'vi');
    assert.ok(keywords.includes('cải cách hành chính'), keywords.join(', '));
    assert.ok(keywords.includes('thủ tục hành chính'), keywords.join(', '));
    assert.ok(keywords.includes('hồ sơ trực tuyến'), keywords.join(', '));
    assert.ok(!keywords.some((k) => k.includes('hòa bình')), 'names are not keywords');
  });
  it('uses single words and pairs for English', () => {
    assert.deepEqual(extractKeywords('Volunteers cleared plastic waste. The volunteers sorted plastic waste by type.', 'en').slice(0, 2), ['plastic waste', 'volunteers']);
  });
});

describe('near-duplicate fingerprint', () => {
  const article = Array.from({ length: 40 }, (_, i) => `Câu số ${i} nói về công tác cải cách hành chính của tỉnh Nghệ An trong năm ${2000 + i}.`).join(' ');
  it('gives the same article with a different opening and ending a fingerprint within three bits', () => {
    const a = simhash(`(Baonghean.vn) - ${article}`);
    const b = simhash(`${article} Theo Báo Nghệ An.`);
    assert.ok(a && b);
    assert.ok(hammingDistance(a, b) <= 3, `distance ${hammingDistance(a, b)}`);
  });
  it('keeps different articles far apart', () => {
    const other = Array.from({ length: 40 }, (_, i) => `Đội tuyển bóng đá giành chiến thắng thứ ${i} trên sân nhà trước ${i + 3} nghìn khán giả.`).join(' ');
    assert.ok(hammingDistance(simhash(article) ?? '', simhash(other) ?? '') > 10);
  });
  it('cuts the fingerprint into four bands so any pair within three bits shares one', () => {
    assert.deepEqual(fingerprintBands('0123456789abcdef'), ['0:0123', '1:4567', '2:89ab', '3:cdef']);
    assert.equal(simhash('hai từ'), null);
  });
});

describe('processDocument metadata', () => {
  it('fills every metadata field for a Vietnamese article', async () => {
    const text = [
      'Hội nghị sơ kết công tác cải cách hành chính',
      'Sáng 14/3/2024, UBND huyện Hòa Bình tổ chức hội nghị sơ kết công tác cải cách hành chính (CCHC) quý I. Dự hội nghị có đồng chí Trần Minh Khoa - Phó Chủ tịch UBND huyện.',
      'Thực hiện Kế hoạch 86-KH/TU, huyện đẩy mạnh cải cách hành chính và số hóa hồ sơ. Tỷ lệ hồ sơ trực tuyến đạt 80%, hồ sơ trực tuyến được giải quyết đúng hạn.',
    ].join('\n\n');
    const doc = await processDocument(new TextEncoder().encode(text));
    assert.equal(doc.published, '2024-03-14');
    assert.deepEqual(doc.roles, { 'Trần Minh Khoa': 'Phó Chủ tịch UBND huyện' });
    assert.deepEqual(doc.organizations, ['UBND huyện Hòa Bình', 'UBND huyện']);
    assert.deepEqual(doc.docRefDetails.map((r) => [r.ref, r.typeName, r.issuerName]), [['86-KH/TU', 'Kế hoạch', 'Tỉnh ủy']]);
    assert.equal(doc.abbreviations.CCHC, 'cải cách hành chính');
    assert.equal(doc.language, 'vi');
    assert.equal(doc.readingMinutes, 1);
    assert.match(doc.summary ?? '', /^Sáng 14\/3\/2024, UBND huyện Hòa Bình/);
    assert.ok(doc.keywords.includes('cải cách hành chính'), doc.keywords.join(', '));
    assert.match(doc.fingerprint ?? '', /^[0-9a-f]{16}$/);
    assert.match(doc.contentHash, /^[0-9a-f]{64}$/);
  });
});
