/** Types of shared-modules.js (plain JavaScript: Jest loads it before any transform). */
export function isShared(from: string, moduleName: string): boolean;
export function requireShared(from: string, moduleName: string): unknown;
export function saveWorkerState(): () => void;
export function compileModuleFunction(
  code: string,
  params: readonly string[],
  options?: { filename?: string; parsingContext?: object; importModuleDynamically?: unknown },
): (...args: unknown[]) => unknown;
export function compiledModuleCount(): number;
