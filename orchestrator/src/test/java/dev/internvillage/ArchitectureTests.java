package dev.internvillage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

/** Hard lines the module check does not see. */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.internvillage");

    @Test
    void onlyGitAndTheAgentProcessLayerStartProcesses() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.internvillage.git..",
                        "dev.internvillage.agent.process..",
                        // a separate program, run as its own process: it commits with git like any agent
                        "dev.internvillage.agent.demo..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(ProcessBuilder.class)
                .check(CLASSES);
    }

    /** The container's own types: Tomcat's, and Spring Boot's Tomcat support. */
    private static final String[] CONTAINER_PACKAGES = {
        "org.apache.tomcat..", "org.apache.catalina..", "org.apache.coyote..", "org.springframework.boot.tomcat.."
    };

    /** Container internals in two places only: the stream sockets and the web layer's error reports. */
    static final ArchRule ONLY_THE_STREAM_SOCKETS_AND_THE_WEB_LAYER_KNOW_THE_CONTAINER = noClasses()
            .that()
            .resideOutsideOfPackages("dev.internvillage.events.sse.tomcat..", "dev.internvillage.web..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(CONTAINER_PACKAGES);

    /** The event log, the fan-out and the log tails know nothing of how streams are written. */
    static final ArchRule NOTHING_BUT_THE_TRANSPORT_KNOWS_THE_TRANSPORT = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.internvillage.events.log..",
                    "dev.internvillage.events.hub..",
                    "dev.internvillage.events.tail..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.internvillage.events.sse..");

    /** The event log does not know who reads it: it tells listeners. */
    static final ArchRule THE_EVENT_LOG_KNOWS_NO_READER = noClasses()
            .that()
            .resideInAPackage("dev.internvillage.events.log..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.internvillage.events.hub..", "dev.internvillage.events.tail..");

    /** The hub fans events out; the tails feed it log lines, never the other way round. */
    static final ArchRule THE_HUB_KNOWS_NO_TAIL = noClasses()
            .that()
            .resideInAPackage("dev.internvillage.events.hub..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.internvillage.events.tail..");

    static final List<ArchRule> EVENT_LAYOUT_RULES = List.of(
            ONLY_THE_STREAM_SOCKETS_AND_THE_WEB_LAYER_KNOW_THE_CONTAINER,
            NOTHING_BUT_THE_TRANSPORT_KNOWS_THE_TRANSPORT,
            THE_EVENT_LOG_KNOWS_NO_READER,
            THE_HUB_KNOWS_NO_TAIL);

    @Test
    void theEventsPackagesPointOneWay() {
        EVENT_LAYOUT_RULES.forEach(rule -> rule.check(CLASSES));
    }

    /**
     * Each layout rule fails on a class that breaks it (fixtures in the test sources, in the packages
     * the rules guard), so none of them can pass for want of anything to check.
     */
    @Test
    void eachEventLayoutRuleFailsWhenBroken() {
        JavaClasses fixtures = new ClassFileImporter()
                .importClasses(
                        dev.internvillage.events.log.LayoutViolation.class,
                        dev.internvillage.events.hub.LayoutViolation.class,
                        dev.internvillage.events.tail.LayoutViolation.class);
        for (ArchRule rule : EVENT_LAYOUT_RULES) {
            assertThatThrownBy(() -> rule.check(fixtures))
                    .as(rule.getDescription())
                    .isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void controllersAndRepositoriesArePackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .or()
                .areAnnotatedWith(Repository.class)
                .should()
                .notBePublic()
                .check(CLASSES);
    }

    @Test
    void theGraphIsPlainJava() {
        noClasses()
                .that()
                .resideInAPackage("dev.internvillage.task.graph..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta..")
                .check(CLASSES);
    }

    @Test
    void onlyControllersAndTheWebLayerSeeServletRequests() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.internvillage.task..", "dev.internvillage.project..", "dev.internvillage.agent..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jakarta.servlet..")
                .check(CLASSES);
    }
}
