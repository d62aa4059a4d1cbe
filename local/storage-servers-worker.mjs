// Worker threads do not inherit the parent's `--import tsx` on Node 20: register it, then load the
// TypeScript worker (local/storage-servers-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./storage-servers-worker.ts');
