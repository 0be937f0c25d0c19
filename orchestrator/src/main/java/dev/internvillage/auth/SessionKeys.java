package dev.internvillage.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The random values browsers hold (session ids, sign-in bindings) and the keyed hashes the database
 * keeps of them. A value is 256 random bits; what is stored is its HMAC-SHA256 under {@code
 * SESSION_SECRET}, so neither a copy of the database nor the secret alone is a session.
 */
@Component
class SessionKeys {

    private static final int BYTES = 32;
    /** 32 bytes in unpadded base64url. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    SessionKeys(AuthProperties properties) {
        this.key = new SecretKeySpec(properties.sessionSecret(), "HmacSHA256");
    }

    String newValue() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a value a browser sent could be one of ours; anything else is refused without a query. */
    static boolean wellFormed(String value) {
        return WELL_FORMED.matcher(value).matches();
    }

    String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
