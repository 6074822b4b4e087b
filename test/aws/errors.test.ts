import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { assertProfileExists, assertRegionName, couldNotCheck, CouldNotCheck } from '../../lib/aws/errors';
import { tempDir } from '../helpers/temp-dir';

const dnsError = (hostname: string, code = 'ENOTFOUND') => Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname });
const resolves = () => Promise.resolve({ address: '52.94.0.1' });
const fails = () => Promise.reject(dnsError('sts.amazonaws.com'));

describe('AWS errors, as one line', () => {
  it('an unknown region: AWS resolves, the region endpoint does not', async () => {
    const problem = await couldNotCheck(dnsError('cloudformation.eu-west-9.amazonaws.com'), { region: 'eu-west-9', env: {} }, resolves);
    expect(problem).toEqual(new CouldNotCheck('unknown-region', 'Region "eu-west-9" is unknown: AWS has no endpoint there. Check the name (aws ec2 describe-regions lists yours).'));
    expect(problem?.kind).toBe('unknown-region');
  });

  it('no network: nothing resolves, so it says so instead of blaming the region', async () => {
    const problem = await couldNotCheck(dnsError('cloudformation.eu-west-1.amazonaws.com'), { region: 'eu-west-1', env: {} }, fails);
    expect(problem?.kind).toBe('unreachable');
    expect(problem?.message).toBe('Cannot reach AWS (ENOTFOUND for cloudformation.eu-west-1.amazonaws.com): check your network connection or proxy.');
  });

  it('AWS_ENDPOINT_URL unreachable names the endpoint', async () => {
    const problem = await couldNotCheck(dnsError('localhost', 'ECONNREFUSED'), { region: 'eu-west-1', env: { AWS_ENDPOINT_URL: 'http://localhost:9' } }, resolves);
    expect(problem?.message).toBe('Cannot reach AWS_ENDPOINT_URL=http://localhost:9 (ECONNREFUSED).');
  });

  it('a malformed region is refused before any call, saying so', () => {
    for (const region of ['eu-westish', 'EU-WEST-1', 'us_east_1', 'eu-west-1a', 'x']) {
      expect(() => assertRegionName(region)).toThrow(`--region "${region}" is not a region name: regions look like us-east-1 or eu-west-3 (list them with aws ec2 describe-regions).`);
    }
    for (const region of ['us-east-1', 'eu-central-2', 'ap-southeast-5', 'us-gov-west-1', 'cn-north-1', undefined]) expect(() => assertRegionName(region)).not.toThrow();
  });

  it('an unknown profile is named, with the profiles that exist', () => {
    const dir = tempDir('profiles-');
    const config = path.join(dir, 'config');
    const credentials = path.join(dir, 'credentials');
    writeFileSync(config, '[default]\nregion = eu-west-1\n[profile dva]\nsso_session = x\n');
    writeFileSync(credentials, '[legacy]\naws_access_key_id = x\n');
    const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
    expect(() => assertProfileExists('dva', env)).not.toThrow();
    expect(() => assertProfileExists('legacy', env)).not.toThrow();
    expect(() => assertProfileExists('dvaa', env)).toThrow(
      'AWS profile "dvaa" not found in ~/.aws/config or ~/.aws/credentials (profiles there: default, dva, legacy). Create it with aws configure --profile dvaa (or aws configure sso --profile dvaa).',
    );
  });

  it("the SDK's own profile error is mapped to the same line", async () => {
    const error = Object.assign(new Error('Could not resolve credentials using profile: [gone] in configuration/credentials file(s).'), { name: 'CredentialsProviderError' });
    const problem = await couldNotCheck(error, { env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' } });
    expect(problem?.kind).toBe('profile-not-found');
    expect(problem?.message).toMatch(/^AWS profile "gone" not found/);
  });

  it.each([
    ['AccessDenied', 'access-denied', false],
    ['UnauthorizedOperation', 'access-denied', false],
    ['ThrottlingException', 'throttled', false],
    ['ExpiredToken', 'expired-session', true],
    ['InvalidClientTokenId', 'bad-credentials', true],
  ])('%s is %s (stops everything: %s)', async (name, kind, stops) => {
    const problem = await couldNotCheck(Object.assign(new Error('x'), { name }), { env: {} });
    expect(problem?.kind).toBe(kind);
    expect(problem?.stopsEverything).toBe(stops);
  });

  it('an error about one resource is not a "could not check"', async () => {
    expect(await couldNotCheck(Object.assign(new Error('does not exist'), { name: 'ValidationError' }), { env: {} })).toBeUndefined();
  });
});
