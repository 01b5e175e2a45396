import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, t=2), the OWASP baseline. */
@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the time of a real verification when there is no account to check against, so the
   * response time does not tell whether an email is registered.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= hash('no account has this password');
    await this.verify(await this.dummy, password);
    return false;
  }
}
