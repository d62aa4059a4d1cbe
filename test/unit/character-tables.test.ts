import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { UNIT_INFO } from '../../shared/domain/clean/block-features.ts';
import { FOLD_TABLES, LETTER_CASE, LOWER_UNITS, TABLED_CODES, WORD_CODES } from '../../shared/domain/text/tokenize.ts';
import { CHARACTER_TABLES_FILE, characterTablesSource } from '../support/character-tables-source.ts';
import { referenceTables, referenceUnitInfo, UNIT_INFO_BITS } from '../support/reference-character-tables.ts';

/** The first code unit where two tables differ, with both values, or undefined when they are equal. */
function firstDifference(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): string | undefined {
  if (actual.length !== expected.length) return `${name}: ${actual.length} entries, expected ${expected.length}`;
  for (let code = 0; code < expected.length; code++) {
    if (actual[code] !== expected[code]) return `${name}[U+${code.toString(16).padStart(4, '0')}] = ${actual[code]}, expected ${expected[code]}`;
  }
  return undefined;
}

describe('character tables expanded from generated runs at module load', () => {
  const reference = referenceTables();

  it('cover the same code units as their definitions', () => {
    assert.equal(TABLED_CODES, reference.wordChar.length);
  });

  it('equal their per-character definitions over every code unit below the tables’ end', () => {
    const differences = [
      firstDifference('WORD_CODES', WORD_CODES, reference.wordChar),
      firstDifference('FOLD', FOLD_TABLES.fold, reference.fold),
      firstDifference('LOWERS', FOLD_TABLES.lowers, reference.lowers),
      firstDifference('LOWER_UNITS', LOWER_UNITS, reference.lowerUnits),
      firstDifference('LETTER_CASE', LETTER_CASE, reference.letterCase),
      firstDifference('UNIT_INFO', UNIT_INFO, referenceUnitInfo(reference.letterCase)),
    ].filter((d) => d !== undefined);
    assert.deepEqual(differences, []);
    assert.deepEqual([...FOLD_TABLES.foldLong].sort((a, b) => a[0] - b[0]), [...reference.foldLong].sort((a, b) => a[0] - b[0]));
    // The comparison would pass over empty tables too: the reference holds what the tables are for.
    assert.equal(reference.fold['ệ'.charCodeAt(0)], 'e'.charCodeAt(0));
    assert.equal(reference.fold[0x0301], FOLD_TABLES.dropped, 'a combining accent folds to nothing');
    assert.equal(reference.letterCase['Đ'.charCodeAt(0)], 2);
    const { WORD, UPPER, LETTER, COUNTED_WORD, NON_SPACE } = UNIT_INFO_BITS;
    assert.equal(referenceUnitInfo(reference.letterCase)['Đ'.charCodeAt(0)], WORD | UPPER | LETTER | COUNTED_WORD | NON_SPACE | 'd'.charCodeAt(0));
  });

  it('are the runs the generator writes from the definitions now (else regenerate: node --import tsx test/support/character-tables-source.ts)', () => {
    assert.equal(readFileSync(CHARACTER_TABLES_FILE, 'utf8'), characterTablesSource());
  });
});
