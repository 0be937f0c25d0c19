package dev.internvillage.github;

import dev.internvillage.common.Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitHubConfiguration {

    @Bean
    static GitHubSettings gitHubSettings(Settings settings) {
        return GitHubSettings.from(settings);
    }
}
