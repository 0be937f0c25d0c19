package dev.internvillage.project;

import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Encrypts a project's secret agent variables at rest with AES-256-GCM: a fresh 96-bit nonce per value,
 * stored as {@code v1:<base64(nonce ‖ ciphertext ‖ tag)>}, the project id bound in as associated data
 * so a ciphertext copied to another project does not decrypt. The key is {@code ENCRYPTION_KEY} when the
 * server has one (GitHub mode requires it), else {@code DATA_DIR/secrets.key}, 32 random bytes made on
 * first use and readable by the server's user alone (0600): a copy of the database alone reveals nothing.
 */
@Component
class SecretCipher {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final @Nullable String configuredKey;
    private final Path keyFile;
    private final SecureRandom random = new SecureRandom();
    private volatile @Nullable SecretKeySpec key;

    SecretCipher(Settings settings, DataDirectory dataDirectory) {
        this.configuredKey = settings.optional("ENCRYPTION_KEY");
        this.keyFile = dataDirectory.root().resolve("secrets.key");
    }

    String encrypt(String plaintext, ProjectId project) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, project, plaintext.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out =
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
        return PREFIX + Base64.getEncoder().encodeToString(out.array());
    }

    String decrypt(String stored, ProjectId project) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown secret format");
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        byte[] nonce = Arrays.copyOfRange(all, 0, NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(all, NONCE_BYTES, all.length);
        return new String(run(Cipher.DECRYPT_MODE, nonce, project, sealed), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] nonce, ProjectId project, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(project.value().toString().getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // a changed key or a tampered value: say so without echoing anything of the value
            throw new IllegalStateException("the project's secrets cannot be decrypted with the current key", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                current = key;
                if (current == null) {
                    current = new SecretKeySpec(configuredKey == null ? keyFromFile() : parse(configuredKey), "AES");
                    key = current;
                }
            }
        }
        return current;
    }

    private static byte[] parse(String setting) {
        try {
            byte[] bytes = setting.matches("[0-9a-fA-F]{64}")
                    ? HexFormat.of().parseHex(setting)
                    : Base64.getDecoder().decode(setting);
            if (bytes.length == 32) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidSettingException(
                "ENCRYPTION_KEY", "must be 32 random bytes written as 64 hex digits or base64");
    }

    private byte[] keyFromFile() {
        try {
            if (!Files.exists(keyFile)) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                DataDirectory.ensureDirectory(keyFile.getParent());
                Path tmp = Files.createTempFile(keyFile.getParent(), "secrets-key", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the data directory's permissions apply
                }
                Files.writeString(tmp, HexFormat.of().formatHex(bytes));
                try {
                    // never replaces a key another instance made meanwhile
                    Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.deleteIfExists(tmp);
                    if (!Files.exists(keyFile)) {
                        throw e;
                    }
                }
            }
            return HexFormat.of().parseHex(Files.readString(keyFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the secrets key in the data directory", e);
        }
    }
}
