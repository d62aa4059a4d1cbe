/**
 * `npm run eval`: extraction quality on `../shared/corpus` — the five gold samples and the dev set —
 * per field, per layout and format, per half (even-numbered files developed on, odd ones held out),
 * with `@mozilla/readability` scored on the same body checks of the HTML pages. The last line is a
 * one-line summary. `--failures` lists what each page got wrong; `--json` prints the figures as JSON.
 */
import {
  devCorpusAvailable, evaluateArticleTitles, evaluateNews, evaluatePeople, evaluateReadability, evaluateSamples, ratio, tally, TARGETS,
  type NewsOutcome, type NewsScores, type Tally,
} from '../test/support/corpus-evaluation.ts';
import { corpusAvailable, CORPUS_DIR } from '../test/support/shared-corpus.ts';

const args = new Set(process.argv.slice(2));

if (!corpusAvailable || !devCorpusAvailable) {
  process.stdout.write(`eval: ../shared/corpus (with dev/) not found at ${CORPUS_DIR}; nothing to measure.\n`);
  process.exit(0);
}

const fmt = (t: Tally): string => `${t.passed} / ${t.total} (${ratio(t).toFixed(2)})`;
const pct = (t: Tally): string => `${t.passed} / ${t.total} (${(ratio(t) * 100).toFixed(1)} %)`;

function row(label: string, s: NewsScores, bodyOnly = false): string {
  const cells = bodyOnly
    ? ['–', '–', '–', fmt(s.withKept), pct(s.withoutLeaked)]
    : [fmt(s.title), fmt(s.published), fmt(s.authors), fmt(s.withKept), pct(s.withoutLeaked)];
  return `| ${label} | ${cells.join(' | ')} |`;
}

function groupBy(outcomes: NewsOutcome[], key: (o: NewsOutcome) => string): Map<string, NewsOutcome[]> {
  const groups = new Map<string, NewsOutcome[]>();
  for (const o of outcomes) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

const news = await evaluateNews();
const readability = await evaluateReadability();
const people = await evaluatePeople();
const samples = await evaluateSamples();
const articleTitles = await evaluateArticleTitles();
const all = tally(news);

if (args.has('--json')) {
  const byLayout = Object.fromEntries([...groupBy(news, (o) => o.layout)].map(([k, v]) => [k, tally(v)]));
  process.stdout.write(`${JSON.stringify({ all, even: tally(news.filter((o) => o.half === 'even')), odd: tally(news.filter((o) => o.half === 'odd')), byLayout, readability: tally(readability, true), people: { ...people, misses: undefined }, samples: { passed: samples.passed, total: samples.total }, articleTitles: { passed: articleTitles.passed, total: articleTitles.total } }, null, 1)}\n`);
  process.exit(0);
}

const lines: string[] = [];
lines.push('## Dev news pages (../shared/corpus/dev/news)', '');
lines.push('| pages | title exact | published date | authors exact | `with` kept | `without` leaked |', '| --- | --- | --- | --- | --- | --- |');
lines.push(row(`all (${news.length})`, all));
for (const half of ['even', 'odd'] as const) {
  const part = news.filter((o) => o.half === half);
  lines.push(row(`${half === 'even' ? 'even: developed on' : 'odd: held out'} (${part.length})`, tally(part)));
}
for (const [format, part] of groupBy(news, (o) => o.format)) lines.push(row(`format ${format} (${part.length})`, tally(part)));
for (const [layout, part] of groupBy(news, (o) => `${o.layout} (${o.format})`)) lines.push(row(`layout ${layout}`, tally(part)));
lines.push(row(`HTML pages, docpipe (${readability.length})`, tally(news.filter((o) => o.format === 'html'))));
lines.push(row(`HTML pages, @mozilla/readability (${readability.length})`, tally(readability, true), true));
lines.push('');
lines.push('## People ∪ authors (../shared/corpus/dev/people, 200 articles)', '');
lines.push(`precision ${people.precision.toFixed(3)} (${people.correct}/${people.extracted}), recall ${people.recall.toFixed(3)} (${people.correct}/${people.annotated}), F1 ${people.f1.toFixed(3)}`);
lines.push('');
lines.push('## Headlines of the 200 VLSP articles (dev/people: the first line is the headline)', '');
lines.push(`${articleTitles.passed} / ${articleTitles.total} (${ratio(articleTitles).toFixed(3)})`);
lines.push('');
lines.push('## Gold samples (../shared/corpus/gold)', '');
lines.push(`${samples.passed} / ${samples.total} checks (${((samples.passed / samples.total) * 100).toFixed(1)} %)${samples.failures.length ? `: ${samples.failures.join('; ')}` : ''}`);

if (args.has('--failures')) {
  lines.push('', '## Failures');
  for (const o of news) {
    const problems: string[] = [];
    if (!o.title.ok) problems.push(`title: got ${JSON.stringify(o.title.got)} want ${JSON.stringify(o.title.want)}`);
    if (o.published && !o.published.ok) problems.push(`published: got ${o.published.got} want ${o.published.want}`);
    if (o.authors && !o.authors.ok) problems.push(`authors: got ${JSON.stringify(o.authors.got)} want ${JSON.stringify(o.authors.want)}`);
    for (const s of o.missing) problems.push(`missing: ${s}`);
    for (const s of o.leaked) problems.push(`leaked: ${s}`);
    if (problems.length) lines.push(`- ${o.file} [${o.layout}]`, ...problems.map((p) => `    ${p}`));
  }
  for (const f of articleTitles.failures) lines.push(`- title ${f}`);
  if (args.has('--people')) for (const m of people.misses) lines.push(`- ${m.file} missed ${JSON.stringify(m.missed)} wrong ${JSON.stringify(m.wrong)}`);
}

const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');
const summary = [
  `title ${ratio(all.title).toFixed(3)} ${met(ratio(all.title) >= TARGETS.title)}`,
  `date ${ratio(all.published).toFixed(3)} ${met(ratio(all.published) >= TARGETS.published)}`,
  `authors ${ratio(all.authors).toFixed(3)} ${met(ratio(all.authors) >= TARGETS.authors)}`,
  `with ${ratio(all.withKept).toFixed(3)} ${met(ratio(all.withKept) >= TARGETS.withKept)}`,
  `leak ${(ratio(all.withoutLeaked) * 100).toFixed(1)}% ${met(ratio(all.withoutLeaked) <= TARGETS.withoutLeaked)}`,
  `people F1 ${people.f1.toFixed(3)} ${met(people.f1 >= TARGETS.peopleF1)}`,
  `samples ${samples.passed}/${samples.total} ${met(samples.passed === samples.total)}`,
];
lines.push('', `eval: ${summary.join(', ')}`);
process.stdout.write(`${lines.join('\n')}\n`);
