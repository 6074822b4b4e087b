/**
 * The moto helpers themselves: on the server with AWS managed policies each resetMoto() moves
 * the tests to a new account (cheaper than a reset there), so a test must find that account
 * empty, and fixtures must name it (motoAccountId).
 */
import {
  AttachUserPolicyCommand,
  CreateAccountAliasCommand,
  CreateUserCommand,
  GetAccountPasswordPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListAttachedUserPoliciesCommand,
  ListUsersCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateVolumeCommand, DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GetPublicKeyCommand, KMSClient, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as crypto from 'node:crypto';
import { describeWithMoto, MOTO_DEFAULT_ACCOUNT_ID, motoAccountId, motoClientConfig, motoProcessEnv, resetMoto } from './moto';

const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

async function callerAccount(): Promise<string | undefined> {
  const sts = new STSClient(motoClientConfig());
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Account;
  } finally {
    sts.destroy();
  }
}

describeWithMoto('moto on the server with AWS managed policies: an account per test', () => {
  beforeEach(resetMoto);

  it('resetMoto gives an empty account of its own: no user, policy, password policy or alias of the test before', async () => {
    const before = motoAccountId();
    expect(before).toMatch(/^\d{12}$/);
    expect(before).not.toBe(MOTO_DEFAULT_ACCOUNT_ID);
    // Every client of motoClientConfig acts in that account.
    expect(await callerAccount()).toBe(before);
    const iam = new IAMClient(motoClientConfig());
    try {
      await iam.send(new CreateUserCommand({ UserName: 'learner' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'learner', PolicyArn: ADMIN_POLICY }));
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14 }));
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'my-dva-lab-2026' }));
      expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'learner' }))).AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([ADMIN_POLICY]);

      await resetMoto();
      const after = motoAccountId();
      expect(after).not.toBe(before);
      expect(await callerAccount()).toBe(after);
      const fresh = new IAMClient(motoClientConfig());
      try {
        expect((await fresh.send(new ListUsersCommand({}))).Users).toEqual([]);
        await expect(fresh.send(new GetAccountPasswordPolicyCommand({}))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
        expect((await fresh.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
        // The AWS managed policies are there in the new account too.
        await fresh.send(new CreateUserCommand({ UserName: 'learner' }));
        await fresh.send(new AttachUserPolicyCommand({ UserName: 'learner', PolicyArn: ADMIN_POLICY }));
      } finally {
        fresh.destroy();
      }
      // A client made before keeps its account, with what the test made there.
      expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['my-dva-lab-2026']);
    } finally {
      iam.destroy();
    }
  });

  it.each([
    // Updated since it was made: two dates, a later version.
    ['CloudWatchAgentServerPolicy', '/', 'v3', '2018-03-07T01:06:44Z', '2024-02-06T16:37:37Z', 'cloudwatch:PutMetricData'],
    // Under a path of its own.
    ['AWSLambdaBasicExecutionRole', '/service-role/', 'v1', '2015-04-09T15:03:43Z', '2015-04-09T15:03:43Z', 'logs:CreateLogGroup'],
  ])('an AWS managed policy reads as AWS published it, in each new account: %s (servers.py prepares them once)', async (name, path, version, created, updated, action) => {
    for (const round of [1, 2]) {
      if (round === 2) await resetMoto();
      const iam = new IAMClient(motoClientConfig());
      try {
        const PolicyArn = `arn:aws:iam::aws:policy${path}${name}`;
        const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
        expect({ name: Policy!.PolicyName, path: Policy!.Path, version: Policy!.DefaultVersionId }).toEqual({ name, path, version });
        expect([Policy!.CreateDate!.toISOString(), Policy!.UpdateDate!.toISOString()]).toEqual([created, updated].map((d) => new Date(d).toISOString()));
        const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: version }));
        const document = JSON.parse(decodeURIComponent(PolicyVersion!.Document!)) as { Version: string; Statement: { Action: string | string[] }[] };
        expect(document.Version).toBe('2012-10-17');
        expect(document.Statement.flatMap((s) => s.Action)).toContain(action);
      } finally {
        iam.destroy();
      }
    }
  });

  it('refuses a child process, which cannot name the account', () => {
    expect(() => motoProcessEnv()).toThrow(/cannot name the test's moto account/);
  });
}, { awsManagedPolicies: true });

describeWithMoto('moto on the plain server: moto\'s default account', () => {
  beforeEach(resetMoto);

  it('motoAccountId is the account moto answers in', async () => {
    expect(motoAccountId()).toBe(MOTO_DEFAULT_ACCOUNT_ID);
    expect(await callerAccount()).toBe(MOTO_DEFAULT_ACCOUNT_ID);
    expect(motoProcessEnv().AWS_ENDPOINT_URL).toMatch(/^http:\/\/localhost:\d+$/);
  });
});

describeWithMoto('moto\'s EC2 ids (made faster by servers.py)', () => {
  beforeEach(resetMoto);

  it('are as AWS writes them: the prefix and 17 hex digits, each one different', async () => {
    const ec2 = new EC2Client(motoClientConfig('eu-west-1'));
    try {
      const volumes = [];
      for (let i = 0; i < 8; i++) volumes.push((await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'eu-west-1a', Size: 8 }))).VolumeId!);
      // Each default AMI's snapshot, made when the region's EC2 starts.
      const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023*'] }] }));
      const snapshots = Images!.flatMap((image) => image.BlockDeviceMappings!.map((mapping) => mapping.Ebs!.SnapshotId!));
      expect(snapshots.length).toBeGreaterThan(3);
      for (const id of volumes) expect(id).toMatch(/^vol-[0-9a-f]{17}$/);
      for (const id of snapshots) expect(id).toMatch(/^snap-[0-9a-f]{17}$/);
      expect(new Set([...volumes, ...snapshots]).size).toBe(volumes.length + snapshots.length);
    } finally {
      ec2.destroy();
    }
  });
});

describeWithMoto('moto\'s KMS keys (their private keys made when first used, by servers.py)', () => {
  beforeEach(resetMoto);
  let kms: KMSClient;
  beforeAll(() => {
    kms = new KMSClient(motoClientConfig('eu-west-1'));
  });
  afterAll(() => kms?.destroy());

  it('a symmetric key encrypts and decrypts, and EC2 encrypts a volume with its default key', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const plaintext = Buffer.from('lab secret');
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: plaintext }));
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!)).toEqual(plaintext);

    const ec2 = new EC2Client(motoClientConfig('eu-west-1'));
    try {
      const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'eu-west-1a', Size: 8, Encrypted: true }));
      expect(volume.Encrypted).toBe(true);
      expect((await kms.send(new DescribeKeyCommand({ KeyId: volume.KmsKeyId }))).KeyMetadata!.KeySpec).toBe('SYMMETRIC_DEFAULT');
    } finally {
      ec2.destroy();
    }
  });

  it.each([
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256', 'rsa', 2048],
    ['ECC_NIST_P256', 'ECDSA_SHA_256', 'ec', undefined],
  ] as const)('an asymmetric %s key signs, verifies, and gives the public key of that signature', async (KeySpec, SigningAlgorithm, type, bits) => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage: 'SIGN_VERIFY' }));
    const KeyId = KeyMetadata!.KeyId;
    const Message = Buffer.from('deployed by aws-dva-labs');
    const { Signature } = await kms.send(new SignCommand({ KeyId, Message, SigningAlgorithm }));
    expect((await kms.send(new VerifyCommand({ KeyId, Message, Signature, SigningAlgorithm }))).SignatureValid).toBe(true);

    // The same key all along: its public key, outside KMS, verifies the signature, and not another message.
    const publicKey = crypto.createPublicKey({ key: Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId }))).PublicKey!), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyType).toBe(type);
    if (bits) expect(publicKey.asymmetricKeyDetails!.modulusLength).toBe(bits);
    expect(crypto.verify('sha256', Message, publicKey, Buffer.from(Signature!))).toBe(true);
    expect(crypto.verify('sha256', Buffer.from('something else'), publicKey, Buffer.from(Signature!))).toBe(false);
  });
});
