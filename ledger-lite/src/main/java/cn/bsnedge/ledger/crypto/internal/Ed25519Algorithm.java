package cn.bsnedge.ledger.crypto.internal;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.SignatureException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Pure Ed25519 (RFC 8032 §5.1): the message is signed as is, no pre-hash, no context.
 * Deterministic by construction, so no nonce source is involved.
 */
final class Ed25519Algorithm implements SignatureAlgorithm {

    static final Ed25519Algorithm INSTANCE = new Ed25519Algorithm();

    private Ed25519Algorithm() {}

    @Override
    public int publicKeyLength() {
        return Ed25519PublicKeyParameters.KEY_SIZE;
    }

    @Override
    public int privateKeyLength() {
        return Ed25519PrivateKeyParameters.KEY_SIZE;
    }

    @Override
    public int signatureLength() {
        return Ed25519PrivateKeyParameters.SIGNATURE_SIZE;
    }

    @Override
    public VerifyingKey parsePublicKey(byte[] encoded) throws InvalidKeyException {
        if (encoded.length != publicKeyLength()) {
            throw new InvalidKeyException("got " + encoded.length + " bytes, want " + publicKeyLength());
        }
        Ed25519PublicKeyParameters key;
        try {
            // The constructor decompresses the point and throws if y has no matching x.
            key = new Ed25519PublicKeyParameters(encoded, 0);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("does not decode to an Ed25519 point", e);
        }
        return (signature, message) -> {
            if (signature.length != signatureLength()) {
                throw new SignatureException("got " + signature.length + " bytes, want " + signatureLength());
            }
            // A fresh signer per call: Ed25519Signer buffers the message and is not thread-safe.
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, key);
            verifier.update(message, 0, message.length);
            if (!verifier.verifySignature(signature)) {
                throw new SignatureException("signature does not match message and key");
            }
        };
    }

    @Override
    public SigningKey parsePrivateKey(byte[] encoded) throws InvalidKeyException {
        if (encoded.length != privateKeyLength()) {
            throw new InvalidKeyException("got " + encoded.length + " bytes, want " + privateKeyLength());
        }
        // Every 32-byte string is a valid seed (RFC 8032 §5.1.5 hashes and clamps it).
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(encoded, 0);
        byte[] publicKey = key.generatePublicKey().getEncoded();
        return new SigningKey() {
            @Override
            public byte[] publicKey() {
                return publicKey.clone();
            }

            @Override
            public byte[] sign(byte[] message) {
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(true, key);
                signer.update(message, 0, message.length);
                return signer.generateSignature();
            }
        };
    }

    @Override
    public byte[] generatePrivateKey(SecureRandom random) {
        byte[] seed = new byte[privateKeyLength()];
        random.nextBytes(seed);
        return seed;
    }
}
