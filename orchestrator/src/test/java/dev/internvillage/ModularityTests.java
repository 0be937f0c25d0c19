package dev.internvillage;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The feature packages are modules: no cycles, and no reaching into another module's internals. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(InternVillageApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }
}
