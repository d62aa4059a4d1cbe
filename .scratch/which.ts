import { readFileSync } from 'node:fs';
import { repairMojibake } from '../shared/domain/decode/mojibake.ts';
const lines = readFileSync(process.argv[2]!, 'utf8').split('\n');
const { paragraphs } = repairMojibake(lines);
paragraphs.forEach((p, i) => { if (p !== lines[i]) console.log(JSON.stringify(lines[i]), '\n →', JSON.stringify(p)); });
