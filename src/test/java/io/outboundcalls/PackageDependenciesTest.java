package io.outboundcalls;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages depend one way (STYLE.md): a cycle between two of them fails the build. */
class PackageDependenciesTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.outboundcalls");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("io.outboundcalls.(*)..").should().beFreeOfCycles().check(ENGINE);
    }
}
