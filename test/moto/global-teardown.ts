/** Stops the moto servers started by global-setup.ts. */
export default async function globalTeardown(): Promise<void> {
  for (const server of globalThis.__MOTO_SERVERS__ ?? []) server.kill('SIGTERM');
}
