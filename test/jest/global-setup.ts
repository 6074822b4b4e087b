/**
 * What a test run starts once, before any test file: the moto servers (test/moto/) and the
 * mermaid parser (test/diagram/start-mermaid-server.ts). global-teardown.ts stops them.
 */
import type { Config } from '@jest/types';
import { startMermaidServer } from '../diagram/start-mermaid-server';
import startMoto from '../moto/global-setup';

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  // Mermaid's server is a bare Node.js process until a test asks for it: started first, it
  // is up long before moto (seconds).
  globalThis.__MERMAID_SERVER__ = await startMermaidServer();
  await startMoto(globalConfig);
}
