import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { DraftroomError, errorText } from '../../shared/api/errors';

/**
 * Members' Ed25519 keys, with Node's `crypto`: making a key pair, reading a
 * member's private key file (PEM, PKCS#8), the public half the workspace
 * records (SPKI PEM), its fingerprint, and signing and checking initials.
 * A private key is only ever held in memory for one signature; it is never
 * written to a workspace.
 */

/** A new key pair: the private key file's text and the public key the workspace records. */
export interface KeyPairPem {
  /** PKCS#8 PEM: what the member's key file holds (kept outside the workspace, mode 0600). */
  readonly privateKeyPem: string;
  /** SPKI PEM: what the workspace records for the member. */
  readonly publicKeyPem: string;
}

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function pemPair(privateKey: KeyObject): KeyPairPem {
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** A fresh random Ed25519 key pair. */
export function newKeyPair(): KeyPairPem {
  return pemPair(generateKeyPairSync('ed25519').privateKey);
}

/**
 * The Ed25519 key pair of a 32-byte seed: always the same for the same seed
 * (the sample's illustrative keys use it so that the sample stays the same
 * bytes). Never for real members: anyone who knows the seed has the key.
 */
export function keyPairFromSeed(seed: Uint8Array): KeyPairPem {
  if (seed.length !== 32) throw new DraftroomError('invalid-argument', 'An Ed25519 seed is 32 bytes.');
  return pemPair(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
}

/**
 * A member's private key from their key file's text. `invalid-argument`
 * with a plain message for anything that is not an unencrypted Ed25519
 * private key in PEM (a public key, an RSA key, a damaged or empty file).
 */
export function readPrivateKey(pem: string, source = 'The key file'): KeyObject {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN')) {
    throw new DraftroomError('invalid-argument', `${source} is not a PEM key file (it should start with "-----BEGIN PRIVATE KEY-----"; make one with: draftroom key create).`);
  }
  if (pem.includes('PUBLIC KEY-----')) {
    throw new DraftroomError('invalid-argument', `${source} holds a public key; initialling needs the member's private key file.`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new DraftroomError('invalid-argument', `${source} is not a readable private key (${errorText(error)}).`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new DraftroomError('invalid-argument', `${source} holds a ${key.asymmetricKeyType ?? 'unknown'} key; Draftroom initials use Ed25519 keys (make one with: draftroom key create).`);
  }
  return key;
}

/** A recorded public key (SPKI PEM) as a key object; `corrupt` if the workspace's record is not an Ed25519 public key. */
export function readPublicKey(pem: string, whose: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new DraftroomError('corrupt', `The recorded public key of ${whose} is not readable (${errorText(error)}).`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new DraftroomError('corrupt', `The recorded public key of ${whose} is not an Ed25519 key.`);
  return key;
}

/** The public half of a private key, as the SPKI PEM the workspace records. */
export function publicKeyPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
}

/**
 * A key's fingerprint: `SHA256:` and the first 16 bytes (hex, in pairs) of
 * the SHA-256 of its SPKI DER, for comparing keys out of band ("read me your
 * fingerprint"). `corrupt` if the PEM is not a readable public key.
 */
export function keyFingerprint(publicKeyPem: string): string {
  let der: Buffer;
  try {
    der = createPublicKey({ key: publicKeyPem, format: 'pem' }).export({ format: 'der', type: 'spki' });
  } catch (error) {
    throw new DraftroomError('corrupt', `A recorded public key is not readable (${errorText(error)}).`);
  }
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return `SHA256:${hex.match(/../g)!.join(':')}`;
}

/** An Ed25519 signature (base64) of a UTF-8 message. */
export function signText(privateKey: KeyObject, message: string): string {
  return sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

/** Whether a base64 Ed25519 signature of a UTF-8 message verifies with a public key (false for a malformed one). */
export function signatureValid(publicKey: KeyObject, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
