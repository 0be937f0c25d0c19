package dev.internvillage.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Operation ids and tags named after the controller and its method ({@code ProjectController.list}
 * is {@code projectList}, tagged {@code Project}), instead of springdoc's bare method names with
 * numbers added in scan order, so the document does not change when a controller is added.
 */
final class OperationNames implements OperationCustomizer, OpenApiCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        String resource = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
        String method = handler.getMethod().getName();
        return operation
                .operationId(resource.substring(0, 1).toLowerCase(Locale.ROOT)
                        + resource.substring(1)
                        + method.substring(0, 1).toUpperCase(Locale.ROOT)
                        + method.substring(1))
                .tags(List.of(resource));
    }

    /** One handler mapped to several paths gets one id per path, numbered in path order. */
    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        new TreeMap<>(openApi.getPaths()).forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : new TreeMap<>(item.readOperationsMap()).entrySet()) {
                Operation operation = entry.getValue();
                String id = operation.getOperationId();
                if (id == null) {
                    continue;
                }
                int count = seen.merge(id, 1, Integer::sum);
                if (count > 1) {
                    operation.setOperationId(id + count);
                }
            }
        });
    }
}
