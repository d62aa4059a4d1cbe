import iconv from 'iconv-lite';
const P = 'Ngày Đồng ỉ Ủy';
const once = iconv.decode(Buffer.from(P, 'utf8'), 'windows1252');
console.log([...once].map(c => c.codePointAt(0)!.toString(16)).join(' '));
console.log([...iconv.decode(Buffer.from([0x81,0x8d,0x8f,0x90,0x9d]), 'windows1252')].map(c => c.codePointAt(0)!.toString(16)));
