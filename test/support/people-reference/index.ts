/**
 * The readers of names as they were before they shared one word stream (each splitting the text
 * itself), frozen here so random-text tests can pin the stream-walking readers to them.
 */
export { extractPeople } from './people.ts';
export { extractTitledPeople, listedPeople } from './titled-people.ts';
export { extractEntities } from './entities.ts';
