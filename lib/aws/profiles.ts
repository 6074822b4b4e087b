/** The named profiles of the shared AWS files, read the way the AWS CLI reads them. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function sections(file: string, prefixed: boolean): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const match of text.matchAll(/^\s*\[([^\]]+)\]\s*$/gm)) {
    const header = match[1].trim();
    // ~/.aws/config writes [profile name] (and [default]); ~/.aws/credentials writes [name].
    if (!prefixed) names.push(header);
    else if (header === 'default') names.push(header);
    else if (/^profile\s+/.test(header)) names.push(header.replace(/^profile\s+/, '').trim());
  }
  return names;
}

/** The profiles in AWS_CONFIG_FILE (~/.aws/config) and AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials). */
export function knownProfiles(env: NodeJS.ProcessEnv): string[] {
  const home = os.homedir();
  const config = env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
  return [...new Set([...sections(config, true), ...sections(credentials, false)])].sort();
}
