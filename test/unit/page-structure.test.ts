import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processDocument } from '../../shared/domain/process-document.ts';

/** Page shapes that no corpus file has: an English CMS page inside one <form>, a portal laid out in one <table>. */
const ENGLISH_CMS_PAGE = `<!doctype html><html><head><title>City council approves new budget for parks | The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet"></head><body>
<div id="page"><form id="aspnetForm">
<div class="top-bar"><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sports">Sports</a></div>
<div class="breadcrumb"><a href="/">Home</a> › <a href="/news">Local</a></div>
<div class="post">
<h1 class="entry-title">City council approves new budget for parks</h1>
<div class="byline">By Jane Doe</div>
<div class="date">Posted on March 3, 2024 at 10:15 am</div>
<p>The city council voted on Tuesday to approve a new budget that sets aside more money for public parks and playgrounds across the city.</p>
<p>The measure passed by a vote of seven to two after a long debate about how the money should be spent in the coming years.</p>
<p>“This is a good day for families,” said council member Maria Lopez, who sponsored the proposal.</p>
<h2>What changes</h2>
<p>Under the plan, each neighbourhood will receive funding for repairs, new benches and lighting along walking paths.</p>
<table><tr><th>Park</th><th>Amount</th></tr><tr><td>Riverside</td><td>\$120,000</td></tr><tr><td>Hillcrest</td><td>\$80,000</td></tr></table>
<p>Work is expected to begin in the spring and finish before the end of the year, officials said.</p>
</div>
<div class="share-buttons"><a>Facebook</a> <a>Twitter</a> <a>Email</a></div>
<div class="related-posts"><h3>Related</h3><ul><li><a href="/1">School board delays vote on new calendar</a></li><li><a href="/2">Library extends weekend hours this summer</a></li></ul></div>
<div id="comments"><h3>3 comments</h3><p>I think this is a great idea and long overdue for our neighbourhood, honestly.</p></div>
</form></div>
<footer>© 2024 The Daily Planet. All rights reserved.</footer></body></html>
`;
const TABLE_LAYOUT_PORTAL = `<html><head><title>Sở Nội vụ - Hội nghị tổng kết công tác cải cách hành chính năm 2023</title></head><body>
<table width="100%"><tr><td width="20%"><a href="/">Trang chủ</a><br><a href="/gt">Giới thiệu</a><br><a href="/tt">Tin tức</a><br><a href="/vb">Văn bản</a></td>
<td>
<span class="title">Hội nghị tổng kết công tác cải cách hành chính năm 2023</span><br>
<span>Ngày đăng: 15/01/2024</span><br>
Sáng 15/1, Sở Nội vụ tỉnh tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2023 và triển khai nhiệm vụ năm 2024 với sự tham dự của lãnh đạo các sở, ban, ngành.<br><br>
Năm 2023, công tác cải cách hành chính của tỉnh đạt nhiều kết quả quan trọng, chỉ số cải cách hành chính tăng 5 bậc so với năm trước và đứng trong nhóm dẫn đầu khu vực.<br><br>
Phát biểu chỉ đạo hội nghị, đồng chí Phó Chủ tịch UBND tỉnh yêu cầu các đơn vị tiếp tục đẩy mạnh chuyển đổi số, nâng cao chất lượng phục vụ người dân và doanh nghiệp.<br><br>
<b>Minh Châu</b>
</td></tr></table>
<p>Bản quyền thuộc Sở Nội vụ. Địa chỉ: số 1 đường Trần Phú.</p></body></html>
`;
const TEXT_PAGE = [
  'Trang chủ | Tin tức | Liên hệ',
  'Cập nhật: 08:15 | 21/04/2021',
  'Ngày đăng: 20/04/2021',
  'Nông dân Đồng Tháp trúng mùa xoài',
  'Vụ xoài năm nay, nông dân huyện Cao Lãnh thu hoạch sản lượng cao hơn năm trước khoảng 20%, giá bán ổn định nên lãi khá.',
  'Theo ngành nông nghiệp, diện tích xoài đạt chuẩn VietGAP của tỉnh tiếp tục tăng, mở đường cho xuất khẩu sang các thị trường khó tính.',
  'NGUYỄN KHÁNH',
  'Tin liên quan',
  'Giá lúa tăng nhẹ đầu vụ hè thu',
  'Nông dân thu hoạch sen cho giá cao',
  'Mô hình nuôi cá sạch lãi lớn',
  'Ngày in: 22/04/2021',
].join('\n\n');

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('page structure beyond the reference corpus', () => {
  it('reads an English CMS page wrapped in one <form>: headline, byline, date, table rows, no comments or related links', async () => {
    const doc = await processDocument(text(ENGLISH_CMS_PAGE));
    assert.equal(doc.title, 'City council approves new budget for parks');
    assert.deepEqual(doc.authors, ['Jane Doe']);
    assert.equal(doc.published, '2024-03-03');
    assert.match(doc.body, /Riverside \$120,000/);
    assert.match(doc.body, /officials said\.$/);
    assert.doesNotMatch(doc.body, /long overdue|School board|Facebook|All rights/);
  });

  it('reads a portal laid out in one <table>: the headline printed on the page, the menu column left out', async () => {
    const doc = await processDocument(text(TABLE_LAYOUT_PORTAL));
    assert.equal(doc.title, 'Hội nghị tổng kết công tác cải cách hành chính năm 2023');
    assert.equal(doc.published, '2024-01-15');
    assert.deepEqual(doc.authors, ['Minh Châu']);
    assert.doesNotMatch(doc.body, /Giới thiệu|Văn bản|Bản quyền/);
  });

  it('reads a text page: publication over update, never the print date; an all-caps byline; related links out', async () => {
    const doc = await processDocument(text(TEXT_PAGE));
    assert.equal(doc.title, 'Nông dân Đồng Tháp trúng mùa xoài');
    assert.equal(doc.published, '2021-04-20');
    assert.deepEqual(doc.authors, ['Nguyễn Khánh']);
    assert.doesNotMatch(doc.body, /Giá lúa|Tin liên quan|Trang chủ/);
  });
});
