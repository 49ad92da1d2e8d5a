import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A signed copy of the chain head: what an operator keeps outside the database. */
export interface SignedCheckpoint {
  seq: number;
  /** Hex SHA-256 of link `seq`. */
  hash: string;
  createdAt: string;
  keyId: string;
  /** Base64 Ed25519 signature of `checkpointMessage`. */
  signature: string;
}

export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** The exact bytes signed; versioned so the format can change without ambiguity. */
export function checkpointMessage(checkpoint: Pick<SignedCheckpoint, 'seq' | 'hash' | 'createdAt'>): Buffer {
  return Buffer.from(`chronicle-audit-checkpoint/v1\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.createdAt}`, 'utf8');
}

/**
 * Signs checkpoints with an Ed25519 key kept in a file outside the database, so someone able to
 * rewrite the database still cannot forge a checkpoint. The public key is published with them.
 */
export class CheckpointSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  private readonly publicKey: KeyObject;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = createHash('sha256').update(this.publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  }

  /** Reads the key; where `createIfMissing`, a missing file is created (exclusively, so concurrent starts agree on one key). */
  static fromFile(file: string, createIfMissing: boolean): CheckpointSigner {
    if (!fs.existsSync(file)) {
      if (!createIfMissing) throw new SigningKeyError(`The audit signing key ${file} does not exist (see docs/audit.md, "Checkpoints")`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
      try {
        fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    let key: KeyObject;
    try {
      key = createPrivateKey(fs.readFileSync(file));
    } catch (error) {
      throw new SigningKeyError(`The audit signing key ${file} cannot be read as a PEM private key: ${(error as Error).message}`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`The audit signing key ${file} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
    return new CheckpointSigner(key);
  }

  sign(checkpoint: Pick<SignedCheckpoint, 'seq' | 'hash' | 'createdAt'>): SignedCheckpoint {
    return { ...checkpoint, keyId: this.keyId, signature: sign(null, checkpointMessage(checkpoint), this.privateKey).toString('base64') };
  }

  check(checkpoint: SignedCheckpoint): SignatureCheck {
    if (checkpoint.keyId !== this.keyId) return 'unknown-key';
    return verify(null, checkpointMessage(checkpoint), this.publicKey, Buffer.from(checkpoint.signature, 'base64')) ? 'valid' : 'invalid';
  }
}
