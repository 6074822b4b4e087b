/** Types of sequencer.js (plain JavaScript: Jest loads it before any transform). */
export function motoFreeFirst<T extends { path: string }>(sorted: T[], workers: number, needsMoto: (file: string) => boolean): T[];
export const NEEDS_MOTO: RegExp;
export function timedAsTheyRun<T extends { path: string }>(tests: T[], motoUnavailable: boolean, needsMoto: (file: string) => boolean): T[];
/** Jest's TestSequencer, with motoFreeFirst's order and timedAsTheyRun's memory. */
export default class MotoFreeFirstSequencer {
  constructor(options: { contexts: unknown[]; globalConfig: { maxWorkers?: number } });
  sort<T>(tests: T[]): T[];
  cacheResults(tests: unknown[], results: unknown): void;
  time(test: unknown): number | undefined;
}
