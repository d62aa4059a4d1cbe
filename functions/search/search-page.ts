/**
 * The search page served at `GET /`: one HTML document with inline style and script, no framework,
 * no external requests. It calls `GET /search` and `GET /documents/{id}` on the same origin. All
 * text from the API is inserted with `textContent`, except snippets, which the API returns
 * HTML-escaped with only `<mark>` added.
 */
export const SEARCH_PAGE_HTML = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>docpipe — Tìm kiếm</title>
<style>
  :root { --fg: #1d1d1f; --muted: #5f6368; --line: #e3e3e3; --accent: #0b57d0; --mark: #fff1a8; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
  header { padding: 16px 24px; border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 20px; margin: 0 12px 0 0; }
  form { display: flex; gap: 8px; flex: 1; min-width: 280px; flex-wrap: wrap; }
  input[type=search] { flex: 1; min-width: 200px; padding: 8px 12px; font-size: 16px; border: 1px solid #bbb; border-radius: 6px; }
  input[type=date], select { padding: 6px; border: 1px solid #bbb; border-radius: 6px; }
  button { padding: 8px 14px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 6px; cursor: pointer; }
  button.secondary { background: #fff; color: var(--accent); }
  main { display: grid; grid-template-columns: 240px 1fr; gap: 24px; padding: 16px 24px; }
  @media (max-width: 760px) { main { grid-template-columns: 1fr; } }
  aside h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 16px 0 6px; }
  aside ul { list-style: none; margin: 0; padding: 0; }
  aside li button { background: none; border: 0; color: var(--accent); padding: 2px 0; text-align: left; width: 100%; display: flex; justify-content: space-between; }
  aside li button span.count { color: var(--muted); }
  #chips { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 8px; }
  .chip { background: #eef3fd; border: 1px solid #c9d8f7; color: var(--fg); border-radius: 14px; padding: 2px 10px; font-size: 14px; }
  #summary { color: var(--muted); margin: 4px 0 12px; }
  #corrections { margin: -6px 0 12px; }
  #corrections button { background: none; border: 0; padding: 0; color: var(--accent); font-style: italic; cursor: pointer; }
  ol#results { list-style: none; margin: 0; padding: 0; }
  ol#results li { padding: 12px 0; border-bottom: 1px solid var(--line); }
  .hit-title { font-size: 18px; background: none; border: 0; padding: 0; color: var(--accent); text-align: left; cursor: pointer; }
  .meta { color: var(--muted); font-size: 14px; }
  .snippet { margin: 4px 0 0; }
  mark { background: var(--mark); padding: 0 1px; }
  #more { margin: 16px 0; }
  #error { color: #b3261e; }
  dialog { width: min(860px, 94vw); max-height: 90vh; border: 1px solid var(--line); border-radius: 10px; padding: 0; }
  dialog article { padding: 20px 24px; overflow: auto; max-height: 80vh; }
  dialog header { position: sticky; top: 0; background: #fff; }
  dialog .body p { margin: 0 0 12px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 14px; }
  dt { color: var(--muted); }
</style>
</head>
<body>
<header>
  <h1>docpipe</h1>
  <form id="search" role="search">
    <input type="search" id="q" name="q" placeholder="Tìm: từ khóa, &quot;cụm từ&quot;, -loại trừ, OR — gõ có dấu hoặc không dấu" aria-label="Tìm kiếm" autofocus>
    <label>Từ <input type="date" id="from" aria-label="Từ ngày"></label>
    <label>đến <input type="date" id="to" aria-label="Đến ngày"></label>
    <select id="sort" aria-label="Sắp xếp"><option value="relevance">Liên quan nhất</option><option value="date">Mới nhất</option></select>
    <button type="submit">Tìm</button>
  </form>
</header>
<main>
  <aside id="facets" aria-label="Bộ lọc"></aside>
  <section>
    <div id="chips"></div>
    <p id="summary" aria-live="polite"></p>
    <p id="corrections" hidden></p>
    <p id="error" role="alert"></p>
    <ol id="results"></ol>
    <button id="more" class="secondary" hidden>Xem thêm</button>
  </section>
</main>
<dialog id="doc"><header><button class="secondary" id="close">Đóng</button></header><article id="doc-body"></article></dialog>
<script>
(() => {
  const FACETS = [['source', 'source', 'Nguồn'], ['authors', 'author', 'Tác giả'], ['people', 'person', 'Nhân vật'], ['docRefs', 'docRef', 'Văn bản'], ['year', 'year', 'Năm']];
  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };
  const state = { q: '', sort: 'relevance', from: '', to: '', filters: [], cursor: null };

  function params(withCursor) {
    const p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    if (state.sort && (state.q || state.sort === 'date')) p.set('sort', state.q ? state.sort : 'date');
    if (state.from) p.set('from', state.from);
    if (state.to) p.set('to', state.to);
    for (const [name, value] of state.filters) {
      if (name === 'year') { p.set('from', value + '-01-01'); p.set('to', value + '-12-31'); }
      else p.append(name, value);
    }
    if (withCursor && state.cursor) p.set('cursor', state.cursor);
    return p;
  }

  async function run(append) {
    $('error').textContent = '';
    if (!append) state.cursor = null;
    const p = params(append);
    if (!p.has('q') && ![...p.keys()].some((k) => k !== 'sort')) { render({ total: 0, hits: [], facets: null, nextCursor: null, corrections: [] }, false); return; }
    history.replaceState(null, '', '?' + params(false).toString());
    const res = await fetch('/search?' + p.toString(), { headers: { accept: 'application/json' } });
    const body = await res.json();
    if (!res.ok) { $('error').textContent = body.error ? body.error.message : 'Lỗi ' + res.status; return; }
    render(body, append);
  }

  function render(body, append) {
    const list = $('results');
    if (!append) list.replaceChildren();
    for (const hit of body.hits) {
      const title = el('button', { className: 'hit-title', type: 'button', textContent: hit.title || hit.key });
      title.addEventListener('click', () => openDocument(hit.id));
      const meta = el('div', { className: 'meta', textContent: [hit.source, hit.published, hit.authors.join(', ')].filter(Boolean).join(' · ') });
      const snippet = el('p', { className: 'snippet' });
      snippet.innerHTML = hit.snippet; // escaped by the API, <mark> only
      list.append(el('li', {}, title, meta, snippet));
    }
    $('summary').textContent = body.total === 0 ? (state.q ? 'Không tìm thấy kết quả.' : '') : body.total + ' kết quả';
    if (!append) renderCorrections(body.corrections || []);
    state.cursor = body.nextCursor;
    $('more').hidden = !body.nextCursor;
    if (!append) renderFacets(body.facets);
    renderChips();
  }

  // "Did you mean": the query with each word the hits matched under another spelling replaced by it;
  // clicking searches for it. Text only (textContent), never HTML.
  function renderCorrections(corrections) {
    const box = $('corrections');
    box.replaceChildren();
    box.hidden = corrections.length === 0;
    if (corrections.length === 0) return;
    const fixed = corrections.reduce((q, c) => q.split(/(\\s+)/).map((w) => (w === c.from ? c.to : w)).join(''), state.q);
    const link = el('button', { type: 'button', textContent: fixed });
    link.addEventListener('click', () => { $('q').value = fixed; state.q = fixed; run(false); });
    box.append('Có phải bạn muốn tìm: ', link, ' — kết quả gồm cả cách viết này.');
  }

  function renderFacets(facets) {
    const aside = $('facets');
    aside.replaceChildren();
    if (!facets) return;
    for (const [key, name, label] of FACETS) {
      const values = facets[key] || [];
      if (values.length === 0) continue;
      const ul = el('ul');
      for (const { value, count } of values) {
        const b = el('button', { type: 'button' }, el('span', { textContent: value }), el('span', { className: 'count', textContent: String(count) }));
        b.dataset.facet = name;
        b.addEventListener('click', () => {
          if (!state.filters.some(([n, v]) => n === name && v === value)) state.filters.push([name, value]);
          run(false);
        });
        ul.append(el('li', {}, b));
      }
      aside.append(el('h2', { textContent: label }), ul);
    }
  }

  function renderChips() {
    const chips = $('chips');
    chips.replaceChildren();
    state.filters.forEach(([name, value], i) => {
      const chip = el('button', { type: 'button', className: 'chip', textContent: value + ' ×', title: 'Bỏ lọc' });
      chip.addEventListener('click', () => { state.filters.splice(i, 1); run(false); });
      chips.append(chip);
    });
  }

  async function openDocument(id) {
    const res = await fetch('/documents/' + encodeURIComponent(id));
    const body = await res.json();
    const article = $('doc-body');
    article.replaceChildren();
    if (!res.ok) { article.append(el('p', { textContent: body.error ? body.error.message : 'Lỗi ' + res.status })); $('doc').showModal(); return; }
    const d = body.document;
    if (body.text.kicker) article.append(el('p', { className: 'meta', textContent: body.text.kicker }));
    article.append(el('h2', { textContent: body.text.title || d.key }));
    const dl = el('dl');
    const row = (label, value) => { if (value) dl.append(el('dt', { textContent: label }), el('dd', { textContent: value })); };
    row('Nguồn', d.source); row('Ngày', d.published); row('Tác giả', d.authors.join(', '));
    row('Nhân vật', d.people.map((p) => d.roles[p] ? p + ' (' + d.roles[p] + ')' : p).join('; '));
    row('Văn bản', d.docRefs.join(', ')); row('Từ khóa', d.keywords.join(', '));
    article.append(dl);
    const text = el('div', { className: 'body' });
    for (const paragraph of body.text.body.split('\\n\\n')) text.append(el('p', { textContent: paragraph }));
    article.append(text, el('a', { href: body.originalUrl, textContent: 'Tệp gốc', rel: 'noopener' }));
    $('doc').showModal();
  }

  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    state.q = $('q').value.trim();
    state.sort = $('sort').value;
    state.from = $('from').value;
    state.to = $('to').value;
    run(false);
  });
  $('more').addEventListener('click', () => run(true));
  $('close').addEventListener('click', () => $('doc').close());

  // Restore a search from the address bar (shareable links).
  const initial = new URLSearchParams(location.search);
  state.q = initial.get('q') || '';
  state.sort = initial.get('sort') || 'relevance';
  state.from = initial.get('from') || '';
  state.to = initial.get('to') || '';
  for (const name of ['source', 'author', 'person', 'docRef']) for (const v of initial.getAll(name)) state.filters.push([name, v]);
  $('q').value = state.q; $('sort').value = state.sort; $('from').value = state.from; $('to').value = state.to;
  if (state.q || state.filters.length) run(false);
})();
</script>
</body>
</html>
`;
