import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processDocument } from '../../shared/domain/process-document.ts';
import { comparable, corpusSamples, skipWithoutCorpus } from '../support/shared-corpus.ts';

const asSet = (values: string[]): string[] => [...new Set(values.map(comparable))].sort();

describe('reference corpus (../shared/corpus/gold)', { skip: skipWithoutCorpus }, () => {
  for (const { name, bytes, gold } of corpusSamples()) {
    describe(name, async () => {
      const doc = await processDocument(bytes);
      const body = comparable(doc.body);

      it('keeps every "with" snippet in the body', () => {
        for (const snippet of gold.with) assert.ok(body.includes(comparable(snippet)), `missing from body: ${snippet}`);
      });
      it('drops every "without" snippet from the body', () => {
        for (const snippet of gold.without) assert.ok(!body.includes(comparable(snippet)), `boilerplate left in body: ${snippet}`);
      });
      it('extracts title, kicker, section and source exactly', () => {
        assert.equal(comparable(doc.title ?? ''), comparable(gold.title));
        if (gold.kicker !== undefined) assert.equal(doc.kicker && comparable(doc.kicker), comparable(gold.kicker));
        if (gold.section !== undefined) assert.equal(doc.section, gold.section);
        if (gold.source !== null) assert.equal(doc.source, gold.source);
        else assert.equal(doc.source, null);
      });
      it('moves bylines to authors, in normal case and reading order', () => {
        assert.deepEqual(doc.authors, gold.authors);
      });
      it('moves photo captions out of the body, credits dropped', () => {
        if (gold.captions === undefined) return;
        assert.deepEqual(doc.captions.map(comparable), gold.captions.map(comparable));
      });
      it('finds the publication date', { skip: gold.published === null ? 'no date in gold' : false }, () => {
        assert.equal(doc.published, gold.published);
      });
      it('finds the people, document references and abbreviations', () => {
        assert.deepEqual(asSet(doc.people), asSet(gold.people));
        assert.deepEqual(asSet(doc.docRefs), asSet(gold.doc_refs));
        assert.deepEqual(doc.abbreviations, gold.abbreviations);
      });
      it('states each person\'s role as written next to the name', () => {
        const normalise = (roles: Record<string, string>): Array<[string, string]> =>
          Object.entries(roles).map(([name, role]): [string, string] => [comparable(name), comparable(role)]).sort();
        assert.deepEqual(normalise(doc.roles), normalise(gold.roles));
      });
    });
  }
});
