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

type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** The exact bytes signed; versioned so the format can change without ambiguity. */
function checkpointMessage(checkpoint: Pick<SignedCheckpoint, 'seq' | 'hash' | 'createdAt'>): Buffer {
  return Buffer.from(`chronicle-audit-checkpoint/v1\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.createdAt}`, 'utf8');
}

/** The id a checkpoint names its key by: the start of the SHA-256 of the public key (SPKI DER). */
function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/**
 * Checks checkpoint signatures against the public keys it knows: the server's own, or those an
 * operator gives the command line, who then needs no private key at all.
 */
export class CheckpointVerifier {
  private readonly keys: Map<string, KeyObject>;

  constructor(publicKeys: KeyObject[]) {
    this.keys = new Map(publicKeys.map((key) => [keyIdOf(key), key]));
  }

  check(checkpoint: SignedCheckpoint): SignatureCheck {
    const key = this.keys.get(checkpoint.keyId);
    if (!key) return 'unknown-key';
    return verify(null, checkpointMessage(checkpoint), key, Buffer.from(checkpoint.signature, 'base64')) ? 'valid' : 'invalid';
  }
}

/**
 * An Ed25519 public key, given as a file or as text: PEM (as GET /api/audit/checkpoints publishes
 * it), the base64 of its SPKI DER (the PEM's body), or the base64 of its raw 32 bytes.
 */
export function readPublicKey(fileOrText: string): KeyObject {
  const isFile = fs.existsSync(fileOrText);
  const source = isFile ? `The public key file ${fileOrText}` : 'The public key given';
  const text = isFile ? fs.readFileSync(fileOrText, 'utf8') : fileOrText;
  const bytes = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  // A path that is not there is a mistake to name, not base64 to decode (base64 has slashes too, but not a key's length then).
  const looksLikePath = /\.(pem|pub|key)$/i.test(fileOrText) || (/[/\\]/.test(fileOrText) && bytes.length !== RAW_ED25519_KEY_BYTES && bytes.length !== SPKI_ED25519_KEY_BYTES);
  if (!isFile && looksLikePath) throw new SigningKeyError(`Public key file ${fileOrText} does not exist`);
  let key: KeyObject;
  try {
    if (text.includes('-----BEGIN')) key = createPublicKey(text);
    else {
      key =
        bytes.length === RAW_ED25519_KEY_BYTES
          ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' })
          : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
    }
  } catch (error) {
    throw new SigningKeyError(`${source} cannot be read as a public key (PEM, or base64 of SPKI DER or of the raw key): ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`${source} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

const RAW_ED25519_KEY_BYTES = 32;
/** The DER of an Ed25519 public key in SubjectPublicKeyInfo: 12 bytes of algorithm, 32 of key. */
const SPKI_ED25519_KEY_BYTES = 44;

/**
 * Signs checkpoints with an Ed25519 key kept in a file outside the database, so someone able to
 * rewrite the database still cannot forge a checkpoint. The public key is published with them.
 */
export class CheckpointSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** Knows this signer's own key only. */
  readonly verifier: CheckpointVerifier;

  private constructor(private readonly privateKey: KeyObject) {
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = keyIdOf(publicKey);
    this.verifier = new CheckpointVerifier([publicKey]);
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
}
