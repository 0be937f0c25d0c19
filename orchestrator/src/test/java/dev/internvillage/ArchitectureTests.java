package dev.internvillage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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

    @Test
    void onlyTheEventsModuleTouchesSseEmitters() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.internvillage.events..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.web.servlet.mvc.method.annotation.SseEmitter")
                .check(CLASSES);
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
