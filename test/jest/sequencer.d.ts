/** Types of sequencer.js (plain JavaScript: Jest loads it before any transform). */
export function motoFreeFirst<T extends { path: string }>(sorted: T[], workers: number, needsMoto: (file: string) => boolean): T[];
export const NEEDS_MOTO: RegExp;
