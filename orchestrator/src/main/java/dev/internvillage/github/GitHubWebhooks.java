package dev.internvillage.github;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Where GitHub delivers webhooks to, and how a delivery proves it comes from GitHub: its {@code
 * X-Hub-Signature-256} header is {@code sha256=} and the hex HMAC-SHA256 of the raw body under the
 * webhook's secret ({@code GITHUB_WEBHOOK_SECRET}).
 */
public final class GitHubWebhooks {

    /** The endpoint; the one write under {@code /api} that takes no session (the signature stands in). */
    public static final String PATH = "/api/github/webhook";

    private static final String PREFIX = "sha256=";

    private GitHubWebhooks() {}

    /**
     * Whether {@code header} is the signature of {@code body} under {@code secret}. The comparison
     * takes the same time wherever the first difference is, so timing tells a forger nothing.
     */
    public static boolean signatureMatches(String secret, byte[] body, @Nullable String header) {
        if (header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(secret, body)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** The {@code X-Hub-Signature-256} value GitHub sends with {@code body}. */
    public static String signature(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every JDK has HmacSHA256, and any non-empty key fits it
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
