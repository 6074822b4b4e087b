/**
 * The ids of the outputs {@link addAccessOutputs} (lab-access.ts) writes, without its CDK
 * code, so that a lab's outputs.ts can declare them and its check can read them.
 */
export const ACCESS_OUTPUTS = {
  savePrivateKeyCommand: 'SavePrivateKeyCommand',
  sshCommand: 'SshCommand',
  sessionManagerCommand: 'SessionManagerCommand',
} as const;

/** The access outputs of one instance; labs with several instances give each a prefix (`WebServer1`). */
export function accessOutputIds(prefix = ''): string[] {
  return Object.values(ACCESS_OUTPUTS).map((id) => `${prefix}${id}`);
}
