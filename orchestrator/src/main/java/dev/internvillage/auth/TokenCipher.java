package dev.internvillage.auth;

import dev.internvillage.common.InvalidSettingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts OAuth tokens at rest with AES-256-GCM under {@code ENCRYPTION_KEY}: a fresh random
 * 96-bit nonce per value, stored as {@code v1:<base64(nonce ‖ ciphertext ‖ tag)>}. The user id is
 * bound in as associated data, so a ciphertext copied to another user's row does not decrypt.
 */
final class TokenCipher {

    static final String VARIABLE = "ENCRYPTION_KEY";
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final @Nullable SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private TokenCipher(@Nullable SecretKeySpec key) {
        this.key = key;
    }

    /** A cipher for {@code ENCRYPTION_KEY}: 32 bytes as 64 hex digits or base64; null: no key. */
    static TokenCipher of(@Nullable String setting) {
        if (setting == null) {
            return new TokenCipher(null);
        }
        byte[] bytes = decode(setting);
        if (bytes == null || bytes.length != 32) {
            throw new InvalidSettingException(
                    VARIABLE,
                    "must be 32 random bytes written as 64 hex digits or as base64 (e.g. openssl rand -hex 32)");
        }
        return new TokenCipher(new SecretKeySpec(bytes, "AES"));
    }

    private static byte @Nullable [] decode(String value) {
        try {
            if (value.matches("[0-9a-fA-F]{64}")) {
                return HexFormat.of().parseHex(value);
            }
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String encrypt(String plaintext, UserId owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, owner, plaintext.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out =
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
        return PREFIX + Base64.getEncoder().encodeToString(out.array());
    }

    String decrypt(String stored, UserId owner) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown token format");
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        byte[] nonce = java.util.Arrays.copyOfRange(all, 0, NONCE_BYTES);
        byte[] sealed = java.util.Arrays.copyOfRange(all, NONCE_BYTES, all.length);
        return new String(run(Cipher.DECRYPT_MODE, nonce, owner, sealed), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] nonce, UserId owner, byte[] input) {
        if (key == null) {
            throw new IllegalStateException(VARIABLE + " is not set");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.value().toString().getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // a wrong key or a tampered value: say which without echoing anything of the value
            throw new IllegalStateException("the stored token cannot be decrypted with this " + VARIABLE, e);
        }
    }
}
