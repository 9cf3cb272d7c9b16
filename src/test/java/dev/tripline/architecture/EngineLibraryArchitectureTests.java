package dev.tripline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The detection engine is a plain library that the service wraps; these rules keep it one. */
class EngineLibraryArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tripline");
    }

    @Test
    void engineLibraryDoesNotUseSpringJakartaOrJpa() {
        ArchRule rule = noClasses()
                .that().resideInAnyPackage("dev.tripline.eql..", "dev.tripline.event..", "dev.tripline.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta..", "javax.persistence..", "org.hibernate..")
                .because("eql, event and engine are a framework-free library, tested and benchmarked without Spring");
        rule.check(classes);
    }

    @Test
    void engineLibraryDoesNotDependOnServiceFeatures() {
        ArchRule rule = noClasses()
                .that().resideInAnyPackage("dev.tripline.eql..", "dev.tripline.event..", "dev.tripline.engine..")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        "dev.tripline.eql..", "dev.tripline.event..", "dev.tripline.engine..",
                        "java..", "javax.annotation..", "org.antlr.v4.runtime..", "tools.jackson..",
                        "com.fasterxml.jackson.annotation..", "com.github.benmanes.caffeine..", "org.slf4j..")
                .because("the library may use the JDK, ANTLR's runtime, Jackson and Caffeine only");
        rule.check(classes);
    }
}
