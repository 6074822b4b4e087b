/** Stops what global-setup.ts started. */
import { stopMermaidServer } from '../diagram/start-mermaid-server';
import stopMoto from '../moto/global-teardown';

export default async function globalTeardown(): Promise<void> {
  const mermaid = globalThis.__MERMAID_SERVER__;
  globalThis.__MERMAID_SERVER__ = undefined;
  await Promise.all([stopMoto(), mermaid ? stopMermaidServer(mermaid) : undefined]);
}
