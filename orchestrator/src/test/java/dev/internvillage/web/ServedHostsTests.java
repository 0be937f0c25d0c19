package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.internvillage.auth.AuthMode;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.PublicUrl;
import dev.internvillage.common.WebOrigin;
import org.junit.jupiter.api.Test;

class ServedHostsTests {

    private static WebOrigin origin(String url) {
        return new PublicUrl(url).origin();
    }

    @Test
    void localModeServesTheLoopbackNamesAndPublicUrlsHost() {
        ServedHosts hosts = new ServedHosts(AuthMode.LOCAL, origin("http://iv.lan:8080"), null);

        assertThat(hosts.serves("localhost")).isTrue();
        assertThat(hosts.serves("127.0.0.1")).isTrue();
        assertThat(hosts.serves("[::1]")).isTrue();
        assertThat(hosts.serves("IV.LAN")).isTrue();
        assertThat(hosts.serves("rebind.example")).isFalse();
        assertThat(hosts.serves("127.0.0.2")).isFalse();
    }

    @Test
    void gitHubModeWithoutPublicUrlServesTheLoopbackNamesOnly() {
        ServedHosts hosts = new ServedHosts(AuthMode.GITHUB, null, null);

        assertThat(hosts.serves("127.0.0.1")).isTrue();
        assertThat(hosts.serves("iv.example.com")).isFalse();
    }

    @Test
    void gitHubModeWithPublicUrlServesItsHostAndAllowedHostsButNotLoopback() {
        ServedHosts hosts = new ServedHosts(
                AuthMode.GITHUB, origin("https://iv.example.com"), " internal.example , 10.0.0.5,[fd00::1]");

        assertThat(hosts.serves("iv.example.com")).isTrue();
        assertThat(hosts.serves("internal.example")).isTrue();
        assertThat(hosts.serves("10.0.0.5")).isTrue();
        assertThat(hosts.serves("[fd00::1]")).isTrue();
        assertThat(hosts.serves("localhost")).isFalse();
        assertThat(hosts.serves("evil.example.com")).isFalse();
    }

    @Test
    void badAllowedHostsStopStartUp() {
        for (String bad : new String[] {"*.example.com", "https://iv.example.com", "iv.example.com:8443", "a b"}) {
            assertThatThrownBy(() -> new ServedHosts(AuthMode.LOCAL, null, bad))
                    .as(bad)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("ALLOWED_HOSTS ");
        }
    }

    @Test
    void publicUrlMustBeAnHttpOrigin() {
        assertThat(origin("https://IV.example.com/")).isEqualTo(new WebOrigin("https", "iv.example.com", 443));
        for (String bad : new String[] {"iv.example.com", "ftp://iv.example.com", "https://iv.example.com/app", "x"}) {
            assertThatThrownBy(() -> new PublicUrl(bad))
                    .as(bad)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("PUBLIC_URL ");
        }
    }
}
