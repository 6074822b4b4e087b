/**
 * The account-wide record of an account-wide setting: what it was before any lab changed it,
 * and which lab resources ("holders") hold it now.
 *
 * The password policy and the alias belong to the account, not to a region or a stack, so
 * their record cannot live in a stack (the physical id) either: two LabIam stacks in two
 * regions would each record the other's policy as "the original". There is one record per
 * setting and account, an SSM parameter in one fixed region (us-east-1 unless the construct
 * says otherwise). A holder is a stack ARN plus the resource's logical id, both in every
 * event CloudFormation sends, so a Delete finds its holder whatever physical id it carries.
 * The first holder records "before"; the last holder to leave puts it back and removes the
 * record. Read-modify-write runs under a lock (a second parameter created only if absent,
 * which SSM does atomically) so that deploys in two regions at once cannot interleave.
 */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { RecordParameters } from './account-setting-names';

export * from './account-setting-names';

/** The holder an event speaks for: stable across Create, Update and Delete, whatever the physical id. */
export function holderOf(event: { readonly StackId: string; readonly LogicalResourceId: string }): string {
  return `${event.StackId}#${event.LogicalResourceId}`;
}

/** What reading a record gave. */
export type RecordRead<T> =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unreadable'; readonly problem: string }
  | { readonly kind: 'present'; readonly record: T };

/** Tags that let `npm run leftovers` find a record left behind. */
const TAGS = [{ Key: 'Project', Value: 'aws-dva-labs' }];

/** How long to wait between two attempts to take a lock held by another handler (plus up to as much again, at random). */
export const LOCK_RETRY_MS = 400;

/**
 * One setting's record and lock in SSM. Every call passes the handler's AbortSignal, so a
 * deadline stops it.
 */
export class AccountSettingRecord<T> {
  constructor(
    private readonly ssm: SSMClient,
    readonly parameters: RecordParameters,
    private readonly parse: (value: unknown) => T,
    private readonly signal?: AbortSignal,
    /** @default LOCK_RETRY_MS */
    readonly lockRetryMs: number = LOCK_RETRY_MS,
  ) {}

  async read(): Promise<RecordRead<T>> {
    let value: string | undefined;
    try {
      const out = await this.ssm.send(new GetParameterCommand({ Name: this.parameters.record }), { abortSignal: this.signal });
      value = out.Parameter?.Value;
    } catch (error) {
      if (isNamed(error, 'ParameterNotFound')) return { kind: 'absent' };
      throw error;
    }
    try {
      return { kind: 'present', record: this.parse(JSON.parse(value ?? '')) };
    } catch (error) {
      return { kind: 'unreadable', problem: error instanceof Error ? error.message : String(error) };
    }
  }

  async write(record: T): Promise<void> {
    const base = {
      Name: this.parameters.record,
      Value: JSON.stringify(record),
      Type: 'String' as const,
      Description: 'aws-dva-labs: the account setting before the labs changed it, and the labs that hold it. Removed by the last cdk destroy.',
    };
    // Tags can only be given when the parameter is created.
    if (await this.createIfAbsent({ ...base, Tags: TAGS })) return;
    await this.ssm.send(new PutParameterCommand({ ...base, Overwrite: true }), { abortSignal: this.signal });
  }

  async remove(): Promise<void> {
    await this.deleteIfPresent(this.parameters.record, this.signal);
  }

  /**
   * Runs `work` while holding the setting's lock. A lock whose holder did not release it
   * (a Lambda stopped mid-way) expires after `ttlMs`, which is the holder's whole lifetime.
   */
  async withLock<R>(owner: string, ttlMs: number, work: () => Promise<R>): Promise<R> {
    for (;;) {
      this.signal?.throwIfAborted();
      const expires = Date.now() + ttlMs;
      const taken = await this.createIfAbsent({
        Name: this.parameters.lock,
        Value: JSON.stringify({ owner, expires }),
        Type: 'String',
        Description: 'aws-dva-labs: held for a few seconds while a lab changes an account setting.',
        Tags: TAGS,
      });
      if (taken) break;
      const held = await this.readLock();
      if (held === undefined || held.expires < Date.now()) {
        console.log(`Lock ${this.parameters.lock}: ${held ? `expired ${new Date(held.expires).toISOString()}` : 'unreadable'}, taking it over`);
        await this.deleteIfPresent(this.parameters.lock, this.signal);
        continue;
      }
      await sleep(this.lockRetryMs + Math.random() * this.lockRetryMs, this.signal);
    }
    try {
      return await work();
    } finally {
      // Released even after the deadline fired: a short request of its own.
      const held = await this.readLock(AbortSignal.timeout(3000)).catch(() => undefined);
      if (held?.owner === owner) await this.deleteIfPresent(this.parameters.lock, AbortSignal.timeout(3000)).catch(() => undefined);
    }
  }

  private async readLock(signal = this.signal): Promise<{ owner: string; expires: number } | undefined> {
    try {
      const out = await this.ssm.send(new GetParameterCommand({ Name: this.parameters.lock }), { abortSignal: signal });
      const value = JSON.parse(out.Parameter?.Value ?? '') as { owner?: unknown; expires?: unknown };
      if (typeof value.owner === 'string' && typeof value.expires === 'number') return { owner: value.owner, expires: value.expires };
      return undefined;
    } catch (error) {
      // Released between our attempt and this read: not held.
      if (isNamed(error, 'ParameterNotFound')) return { owner: '', expires: 0 };
      if (error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  /** PutParameter without Overwrite: true if created, false if it already existed. */
  private async createIfAbsent(input: ConstructorParameters<typeof PutParameterCommand>[0]): Promise<boolean> {
    try {
      await this.ssm.send(new PutParameterCommand({ ...input, Overwrite: false }), { abortSignal: this.signal });
      return true;
    } catch (error) {
      if (isNamed(error, 'ParameterAlreadyExists')) return false;
      throw error;
    }
  }

  private async deleteIfPresent(name: string, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.ssm.send(new DeleteParameterCommand({ Name: name }), { abortSignal: signal });
    } catch (error) {
      if (!isNamed(error, 'ParameterNotFound')) throw error;
    }
  }
}

/** True for an AWS error of this name (compared by name: bundles may hold their own SDK copy). */
export function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Reads a JSON object, or throws saying what is wrong. */
export function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** A copy of a record's holders without one of them. */
export function withoutHolder<T>(holders: Readonly<Record<string, T>>, holder: string): Record<string, T> {
  return Object.fromEntries(Object.entries(holders).filter(([h]) => h !== holder));
}
