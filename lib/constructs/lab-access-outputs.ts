/**
 * The ids of the outputs {@link addAccessOutputs} (lab-access.ts) writes, without its CDK
 * code, so that a lab's outputs.ts can declare them and its check can read them.
 */
export const ACCESS_OUTPUTS = {
  savePrivateKeyCommand: 'SavePrivateKeyCommand',
  sshCommand: 'SshCommand',
  /** A `~/.ssh/config` block (`Host lab-ec2` …), so that `ssh lab-ec2` is enough. */
  sshConfig: 'SshConfig',
  sessionManagerCommand: 'SessionManagerCommand',
} as const;

/** The access outputs of one instance; labs with several instances give each a prefix (`WebServer1`). */
export function accessOutputIds(prefix = ''): string[] {
  return Object.values(ACCESS_OUTPUTS).map((id) => `${prefix}${id}`);
}

/** The user Amazon Linux creates for the key pair's public key. */
export const SSH_USER = 'ec2-user';

/**
 * The `Host` name of an instance in `~/.ssh/config`: the key file's name without its
 * extension, and the instance's prefix in kebab case (`lab-alb-web-server-1`).
 */
export function sshHostAlias(keyFile: string, prefix = ''): string {
  const base = keyFile.replace(/\.(pem|ppk)$/, '');
  const suffix = prefix.replace(/([a-z])([A-Z0-9])/g, '$1-$2').toLowerCase();
  return suffix ? `${base}-${suffix}` : base;
}

/** The file a private key of this format is saved to: `lab-ec2.pem` becomes `lab-ec2.ppk` for PuTTY. */
export function keyFileFor(keyFile: string, format: 'pem' | 'ppk'): string {
  return `${keyFile.replace(/\.(pem|ppk)$/, '')}.${format}`;
}

/** The `~/.ssh/config` block for one instance; OpenSSH reads the key from `~/.ssh/`. */
export function sshConfigBlock(host: string, address: string, keyFile: string): string {
  return [`Host ${host}`, `  HostName ${address}`, `  User ${SSH_USER}`, `  IdentityFile ~/.ssh/${keyFile}`, '  IdentitiesOnly yes', ''].join('\n');
}
