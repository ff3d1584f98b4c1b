import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bytesToBase64Url,
  canonicalJson,
  canonicalLicenseBytes,
  verifyKeySetSignature,
  verifyLicenseSignature,
  type KeySet,
  type LicenseKey,
  type SignedLicense,
} from '../../../shared/license-document';
import { sampleSignedLicense } from '../../fixtures/contract-samples';

function signer() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const key: LicenseKey = { algorithm: 'Ed25519', keyId: 'k1', publicKey: String(jwk.x) };
  const signLicense = (document: SignedLicense['document']): SignedLicense => ({
    document,
    signature: bytesToBase64Url(sign(null, canonicalLicenseBytes(document), privateKey)),
  });
  return { key, signLicense };
}

describe('license document', () => {
  it('has a canonical form independent of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 'x' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":"x","z":0}]},"b":1}',
    );
  });

  it('verifies a genuine signature and refuses any edit, another key or a wrong key id', async () => {
    const { key, signLicense } = signer();
    const signed = signLicense(sampleSignedLicense().document);
    expect(await verifyLicenseSignature(signed, key)).toBe(true);

    const edited = {
      ...signed,
      document: { ...signed.document, version: signed.document.version + 1 },
    };
    expect(await verifyLicenseSignature(edited, key)).toBe(false);

    const other = signer();
    expect(await verifyLicenseSignature(signed, other.key)).toBe(false);
    expect(await verifyLicenseSignature(signed, { ...key, keyId: 'k2' })).toBe(false);
    expect(await verifyLicenseSignature({ ...signed, signature: 'A'.repeat(86) }, key)).toBe(false);
  });

  it('trusts a key set only when one of the pinned roots signed exactly it', async () => {
    const root = generateKeyPairSync('ed25519');
    const rootKey = String(root.publicKey.export({ format: 'jwk' }).x);
    const other = signer();
    const keySet: KeySet = { v: 1, currentKeyId: 'k1', keys: [signer().key] };
    const signed = {
      keySet,
      rootSignature: bytesToBase64Url(
        sign(null, Buffer.from(canonicalJson(keySet)), root.privateKey),
      ),
    };
    expect(await verifyKeySetSignature(signed, [rootKey])).toBe(true);
    // Any of several roots (a new root ships in an update before the server switches).
    expect(await verifyKeySetSignature(signed, [other.key.publicKey, rootKey])).toBe(true);
    expect(await verifyKeySetSignature(signed, [other.key.publicKey])).toBe(false);
    expect(await verifyKeySetSignature(signed, [])).toBe(false);
    const added = { ...signed, keySet: { ...keySet, keys: [...keySet.keys, other.key] } };
    expect(await verifyKeySetSignature(added, [rootKey])).toBe(false);
    const current = { ...signed, keySet: { ...keySet, currentKeyId: 'k2' } };
    expect(await verifyKeySetSignature(current, [rootKey])).toBe(false);
    expect(await verifyKeySetSignature(signed, ['not a key'])).toBe(false);
  });
});
