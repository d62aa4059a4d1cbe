import { readFileSync } from 'node:fs';
import { repairMojibake } from '../shared/domain/decode/mojibake.ts';
let files = 0, lines = 0, changed = 0;
for (const f of process.argv.slice(2)) {
  let text: string; try { text = readFileSync(f, 'utf8'); } catch { continue; }
  const ls = text.split('\n'); files++; lines += ls.length;
  const { paragraphs } = repairMojibake(ls);
  paragraphs.forEach((p, i) => { if (p !== ls[i]) { changed++; console.log(f, JSON.stringify(ls[i]!.slice(0, 100)), '→', JSON.stringify(p.slice(0, 100))); } });
}
console.log({ files, lines, changed });
