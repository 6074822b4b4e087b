/** Types of sequencer.js (plain JavaScript: Jest loads it before any transform). */
export function motoFreeFirst<T extends { path: string }>(sorted: T[], workers: number, needsMoto: (file: string) => boolean): T[];
export const NEEDS_MOTO: RegExp;
/** Jest's TestSequencer, with motoFreeFirst's order; a run without moto keeps the times of the files that need it. */
export default class MotoFreeFirstSequencer {
  constructor(options: { contexts: unknown[]; globalConfig: { maxWorkers?: number } });
  sort<T>(tests: T[]): T[];
  cacheResults(tests: unknown[], results: unknown): void;
  time(test: unknown): number | undefined;
}
