/** What the labs cost: `npm run cost -- [Lab...]` (lib/cost/cli.ts). */
import { main } from '../lib/cost/cli';
import { runMain } from '../lib/cli/io';

runMain(main, 'cost');
