/** Types of shared-modules.js (plain JavaScript: Jest loads it before any transform). */
export function isShared(from: string, moduleName: string): boolean;
export function requireShared(from: string, moduleName: string): unknown;
export function saveWorkerState(): () => void;
