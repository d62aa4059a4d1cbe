import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bylineOf } from '../../shared/domain/clean/bylines.ts';
import { featuresOf } from '../../shared/domain/clean/block-features.ts';
import { detectLanguage } from '../../shared/domain/metadata/language.ts';
import { extractPeople } from '../../shared/domain/metadata/people.ts';
import { extractTitledPeople, listedPeople } from '../../shared/domain/metadata/titled-people.ts';

/**
 * Inputs that take the slow side of every fast path added for issue 15 (code units beyond the
 * tables: astral letters, lone surrogates, combining marks, İ and Σ whose lower case is not one code
 * unit; titles in capitals; lists beside emoji; byline parts and "theo" in any case), with the
 * outputs the implementation gave before those paths existed (commit d4b8566).
 */
const CASES = [
  {
    text: 'Ông Nguyễn Văn An, ÔNG Trần Văn Bình và ông 𝐉ohn Smith nói hôm qua.',
    titled: ["Nguyễn Văn An", "Trần Văn Bình", "𝐉ohn Smith"],
    listed: [],
    people: ["Nguyễn Văn An", "Trần Văn Bình"],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0.13333333333333333},
    byline: undefined,
    language: "vi",
  },
  {
    text: 'HLV Park Hang-seo cho biết, Tổng thống Pháp Jean Martin và Thủ tướng Đức Anna Schmidt đã gặp nhau.',
    titled: ["Park Hang-seo", "Jean Martin", "Anna Schmidt"],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 1, "boilerplateShare": 0.050000000000000044, "stopWordDensity": 0.15},
    byline: undefined,
    language: "vi",
  },
  {
    text: '😀Minh Khang, Thu Vân và Hồng Ngọc cùng ca sĩ Minh Khang biểu diễn.',
    titled: ["Minh Khang"],
    listed: ["Thu Vân", "Hồng Ngọc"],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0.21428571428571427},
    byline: undefined,
    language: "vi",
  },
  {
    text: 'ca sĩ Minh Khang, Thu Vân, Hồng Ngọc và 𝒜lan Walker',
    titled: ["Minh Khang", "Thu Vân", "Hồng Ngọc", "𝒜lan Walker"],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0.18181818181818182},
    byline: undefined,
    language: "vi",
  },
  {
    text: 'İSTANBUL Ahmet Yılmaz said. ΟΔΟΣ Σ Jean-Pierre de la Fontaine said',
    titled: [],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0.16666666666666666},
    byline: undefined,
    language: "und",
  },
  {
    text: 'ông Pieter de Vries, bà Anna van Dijk và ông Ahmed al-Rashid (45 tuổi) cho biết',
    titled: ["Pieter de Vries", "Anna van Dijk"],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0.05882352941176472, "stopWordDensity": 0.17647058823529413},
    byline: undefined,
    language: "vi",
  },
  {
    text: 'Tổng thống Mỹ Joe Biden\uD800 và bà \uDC00Jill Biden tiếp Thủ tướng Nhật Bản Fumio Kishida.',
    titled: ["Joe Biden", "Jill Biden", "Fumio Kishida"],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 1, "boilerplateShare": 0.0625, "stopWordDensity": 0.125},
    byline: undefined,
    language: "vi",
  },
  {
    text: 'Ong Nguye\u0303n Va\u0306n Tu\u0300ng cho biết: Bộ trưởng Lê Minh Hưng, ông John F. Smith và bà Mary O’Neil.',
    titled: ["Ong Nguyẽn Văn Tùng", "Lê Minh Hưng", "John F. Smith"],
    listed: [],
    people: ["Lê Minh Hưng"],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0.1},
    byline: undefined,
    language: "vi",
  },
  {
    text: 'TIN LIÊN QUAN Tin liên quan | Xem thêm 12 345 Chia sẻ Facebook',
    titled: [],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 11, "boilerplateShare": 1, "stopWordDensity": 0.07692307692307693},
    byline: undefined,
    language: "vi",
  },
  {
    text: 'Các tin đã đăng: Theo Thu Vân/Báo ABC',
    titled: [],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 4, "boilerplateShare": 0.4444444444444444, "stopWordDensity": 0.4444444444444444},
    byline: undefined,
    language: "vi",
  },
  {
    text: 'Minh Khang - Thu Vân (Báo ABC)',
    titled: [],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0},
    byline: {"authors": ["Minh Khang", "Thu Vân"], "source": "Báo ABC", "labelled": true, "credit": true},
    language: "vi",
  },
  {
    text: 'Theo Hải Nam lược dịch',
    titled: [],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0.2},
    byline: {"authors": ["Hải Nam"], "source": null, "labelled": true, "credit": true},
    language: "vi",
  },
  {
    text: 'Tác giả: Minh Khang | Nguồn: tinh.gov.vn',
    titled: [],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0},
    byline: {"authors": ["Minh Khang"], "source": "tinh.gov.vn", "labelled": true},
    language: "vi",
  },
  {
    text: 'THEO REUTERS',
    titled: [],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0.5},
    byline: {"authors": [], "source": "REUTERS", "labelled": true},
    language: "und",
  },
  {
    text: 'The quick brown fox, Mr Smith and Dr Jones said to the Ministry of Data Protection.',
    titled: [],
    listed: [],
    people: [],
    counts: {"boilerplateWords": 0, "boilerplateShare": 0, "stopWordDensity": 0.3125},
    byline: undefined,
    language: "en",
  },
];

describe('fast paths give the results of the plain scans they replaced', () => {
  it('people after titles, listed people and family-name people', () => {
    for (const c of CASES) {
      const titled = extractTitledPeople(c.text);
      assert.deepEqual(titled, c.titled, c.text);
      assert.deepEqual(listedPeople(c.text, new Set(titled)), c.listed, c.text);
      assert.deepEqual(extractPeople(c.text), c.people, c.text);
    }
  });

  it('lists whose first item opens with a word the table scan cannot rule out (apostrophes, hyphens, astral capitals)', () => {
    const known = new Set(['Thu Vân']);
    assert.deepEqual(listedPeople("Đội hình có Ma'ruf Amin, Thu Vân, Minh Khang và Hồng Ngọc.", known), ["Ma'ruf Amin", 'Minh Khang', 'Hồng Ngọc']);
    assert.deepEqual(listedPeople('Dự có 𝐉ohn Smith, Thu Vân và Minh Khang.', known), ['𝐉ohn Smith', 'Minh Khang']);
    assert.deepEqual(listedPeople('Gồm Anne-Marie Dupont, Thu Vân – Minh Khang.', known), ['Gồm Anne-Marie Dupont', 'Minh Khang']);
    assert.deepEqual(listedPeople('Có Jo’anne Lee, Thu Vân, Minh Khang.', known), ['Có Jo’anne Lee', 'Minh Khang']);
  });

  it('function words and boilerplate phrases of a line, counted from its folded code units', () => {
    for (const c of CASES) {
      const { boilerplateWords, boilerplateShare, stopWordDensity } = featuresOf(c.text);
      assert.deepEqual({ boilerplateWords, boilerplateShare, stopWordDensity }, c.counts, c.text);
    }
  });

  it('bylines and the language', () => {
    for (const c of CASES) {
      assert.deepEqual(bylineOf(c.text), c.byline, c.text);
      assert.equal(detectLanguage(c.text), c.language, c.text);
    }
  });
});
