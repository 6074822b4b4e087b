/** Check my progress: `npm run check -- <Lab>` (lib/check/cli.ts). */
import { main } from '../lib/check/cli';
import { runMain } from '../lib/cli/io';

runMain(main, 'check');
