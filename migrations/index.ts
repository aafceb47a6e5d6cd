/** Every migration in order. `npm run migration:generate` writes a file here; add it to this list. */
import { Foundation1795712836090 } from './1795712836090-Foundation.js';
import { PackChain1795713648211 } from './1795713648211-PackChain.js';

export const MIGRATIONS: Function[] = [Foundation1795712836090, PackChain1795713648211];
