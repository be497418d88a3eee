// A configuration value that remembers where it came from, and a secret that cannot leak: its
// value sits in a private field, and every way of turning it into text (JSON, template strings,
// console.log / util.inspect) yields only the masked description.
import { inspect } from 'node:util';

export type ValueSource = 'flag' | 'env' | '.env' | '.env.local' | 'default' | 'file';

export interface Setting<T> {
  readonly value: T;
  readonly source: ValueSource;
  /** Human wording of the source for messages: `--metrics-url`, `environment`, `/srv/zaxy/.env`. */
  readonly origin: string;
}

export class Secret {
  readonly #value: string | undefined;

  constructor(
    value: string | undefined,
    /** Where the value came from; `null` when unset. */
    readonly source: ValueSource | null,
    /** The `_FILE` path the value was read from, if any (a path is not a secret). */
    readonly file: string | null = null,
  ) {
    this.#value = value;
  }

  get isSet(): boolean {
    return this.#value !== undefined;
  }

  /** The only way to the value; call it where the secret is handed to a client, nowhere else. */
  reveal(): string | undefined {
    return this.#value;
  }

  /** `set (file)`, `set (env)`, `set (.env)`, `default` or `unset`. */
  describe(): string {
    if (this.source === null || this.#value === undefined) return 'unset';
    if (this.source === 'default') return 'default';
    return `set (${this.source})`;
  }

  toJSON(): string {
    return this.describe();
  }

  toString(): string {
    return this.describe();
  }

  [inspect.custom](): string {
    return `Secret<${this.describe()}>`;
  }
}
