import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id (the library's default algorithm) with its recommended cost. */
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Session tokens and API keys are long random strings, so a fast hash is enough to store them. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const newToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
