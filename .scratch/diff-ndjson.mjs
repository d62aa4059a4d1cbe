import { readFileSync } from 'node:fs';
const [a, b] = process.argv.slice(2).map((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
const strip = (o) => { const { repairs, legacyFonts, ocr, ...rest } = o; return JSON.stringify(rest); };
let same = 0, differ = 0; const kinds = {};
for (let i = 0; i < Math.max(a.length, b.length); i++) {
  if (strip(a[i] ?? {}) === strip(b[i] ?? {})) same++; else { differ++; console.log('DIFF', a[i]?.file); }
  for (const r of b[i]?.repairs ?? []) kinds[r.kind] = (kinds[r.kind] ?? 0) + r.paragraphs;
  if ((b[i]?.legacyFonts ?? []).length) kinds.legacyFonts = (kinds.legacyFonts ?? 0) + 1;
}
console.log(JSON.stringify({ files: a.length, same, differ, repairsReported: kinds }));
