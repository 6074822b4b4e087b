/** Stops the moto servers started by global-setup.ts, and waits until they are gone. */
export default async function globalTeardown(): Promise<void> {
  await Promise.all(
    (globalThis.__MOTO_SERVERS__ ?? []).map(
      (server) =>
        new Promise<void>((resolve) => {
          if (server.exitCode !== null || server.signalCode !== null) return resolve();
          server.once('exit', () => resolve());
          server.kill('SIGTERM');
        }),
    ),
  );
}
