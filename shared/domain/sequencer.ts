/**
 * S3 event ordering. Each event notification for a key carries a `sequencer`, a hexadecimal string
 * that grows with every PUT or DELETE of that key. AWS: "The sequencers can be of different lengths.
 * So, to compare these values, first right pad the shorter value with zeros, and then do a
 * lexicographical comparison." (S3 User Guide, "Event message structure"). Only events for the same
 * key can be compared.
 */

/** Sequencers are right-padded to this width when stored, so DynamoDB can compare them as strings. */
export const SEQUENCER_WIDTH = 32;

/** The stored, comparable form: upper case, right-padded with zeros (longer values are kept whole). */
export function sequencerSortKey(sequencer: string): string {
  return sequencer.toUpperCase().padEnd(SEQUENCER_WIDTH, '0');
}

/** Negative when `a` happened before `b`, zero for the same event, positive after. */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length, SEQUENCER_WIDTH);
  const x = a.toUpperCase().padEnd(width, '0');
  const y = b.toUpperCase().padEnd(width, '0');
  return x < y ? -1 : x > y ? 1 : 0;
}
