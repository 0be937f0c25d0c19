package dev.internvillage.apidocs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.internvillage.auth.CurrentUser;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * springdoc-openapi builds the document from the controllers on the first request to {@code
 * /v3/api-docs}; these beans make it describe the wire as it is (see the package description).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    ApiDocsConfiguration() {
        // resolved from the session cookie by an argument resolver, never sent as a parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
    }

    @Bean
    OpenAPI apiDescription() {
        return new OpenAPI()
                .info(new Info().title("Intern Village API").version("1"))
                // relative, so the document is the same whichever host and port serve it
                .servers(List.of(new Server().url("/")));
    }

    /**
     * Schemas are introspected with swagger-core's own (Jackson 2) mapper, which does not know the
     * app's naming strategy: this one names properties as the app's JSON mapper writes them.
     */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    RecordSchemas recordSchemas() {
        return new RecordSchemas();
    }

    @Bean
    OperationNames operationNames() {
        return new OperationNames();
    }

    @Bean
    ErrorResponses errorResponses() {
        return new ErrorResponses();
    }

    @Bean
    EventStreamDocs eventStreamDocs() {
        return new EventStreamDocs();
    }
}
