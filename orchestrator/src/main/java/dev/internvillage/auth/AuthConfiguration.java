package dev.internvillage.auth;

import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebMvcConfigurer {

    private final Authenticator authenticator;

    AuthConfiguration(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Bean
    static AuthProperties authProperties(Settings settings, DataDirectory dataDirectory) {
        AuthMode mode = settings.choice("AUTH_MODE", AuthMode.class, AuthMode.LOCAL);
        String secret = settings.optional("SESSION_SECRET");
        if (mode == AuthMode.GITHUB && secret == null) {
            // a hosted server must not key its sessions with a secret lying in its data directory
            throw new InvalidSettingException(
                    "SESSION_SECRET", "is required with AUTH_MODE=github (32+ random characters)");
        }
        byte[] key;
        if (secret != null) {
            if (secret.length() < 32) {
                throw new InvalidSettingException("SESSION_SECRET", "must be at least 32 characters long");
            }
            key = secret.getBytes(StandardCharsets.UTF_8);
        } else {
            key = localSecret(dataDirectory.root().resolve("session-secret"));
        }
        return new AuthProperties(mode, key, Duration.ofDays(30));
    }

    @Bean
    static TokenCipher tokenCipher(Settings settings) {
        String key = settings.optional(TokenCipher.VARIABLE);
        boolean github = settings.choice("AUTH_MODE", AuthMode.class, AuthMode.LOCAL) == AuthMode.GITHUB;
        if (github && key == null) {
            throw new InvalidSettingException(
                    TokenCipher.VARIABLE,
                    "is required with AUTH_MODE=github (e.g. the output of openssl rand -hex 32)");
        }
        return TokenCipher.of(key);
    }

    /** Local mode keeps a generated secret in DATA_DIR so sessions survive restarts. */
    private static byte[] localSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return HexFormat.of().parseHex(Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(file.getParent(), "session-secret", ".tmp");
            trySetOwnerOnly(tmp);
            Files.writeString(tmp, HexFormat.of().formatHex(key));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return HexFormat.of().parseHex(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the session secret in " + file, e);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions apply
        }
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentUserArgumentResolver(authenticator));
    }
}
