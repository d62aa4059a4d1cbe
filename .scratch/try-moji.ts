import iconv from 'iconv-lite';
import { repairMojibake } from '../shared/domain/decode/mojibake.ts';
import { VNI_TABLE } from '../shared/domain/decode/vni.ts';
const P = 'Ngày 20/4/2021, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác thủy lợi. Đồng chí Nguyễn Văn Hùng, Phó Chủ tịch UBND tỉnh chủ trì; người dân được hỗ trợ khắc phục hậu quả lũ lụt.';
const cp = (b: Buffer) => iconv.decode(b, 'windows1252');
const once = cp(Buffer.from(P, 'utf8'));
const twice = cp(Buffer.from(once, 'utf8'));
const latin1 = Buffer.from(P, 'utf8').toString('latin1');
const tcvn = cp(iconv.encode(P, 'tcvn'));
const inverse = new Map([...VNI_TABLE].map(([vni, letter]) => [letter, vni]));
const vni = [...P].map((c) => inverse.get(c) ?? c).join('');
for (const t of [once, twice, latin1, tcvn, vni, 'Cà Mau', 'L’économie française a été très forte en 2019, selon l’INSEE.', 'Die Straße führt über die Brücke nach München.', 'El niño comió piñas en la mañana.']) {
  const r = repairMojibake([t]);
  console.log(JSON.stringify(t.slice(0, 50)), '→', r.paragraphs[0] === P ? 'EXACT' : JSON.stringify(r.paragraphs[0]!.slice(0, 60)), JSON.stringify(r.repairs));
}
const r = repairMojibake([once]).paragraphs[0]!;
for (let i = 0; i < P.length; i++) if (r[i] !== P[i]) { console.log(i, JSON.stringify(P.slice(i - 5, i + 10)), JSON.stringify(r.slice(i - 5, i + 10))); break; }
