package io.apigenmt.topology;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the topology depend on each other, directly or around a loop: a type
 * lives with its owner, and the packages layer (llm and pipeline.async at the bottom; pipeline;
 * the stages; ledger, sim, worker; cli on top). Read from the compiled main classes, every
 * subpackage its own slice.
 */
class PackageCyclesTest {

    /** The rule: the packages under {@code root} (each subpackage a slice) form no cycle. */
    static ArchRule noCyclesAmongPackagesOf(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    @Test
    void shouldHaveNoDependencyCycleAmongTopologyPackages() {
        // Given the compiled main classes of the topology module
        JavaClasses topology = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.apigenmt.topology");
        assertThat(topology).as("classes found").hasSizeGreaterThan(100);

        // Then no package reaches itself through its dependencies
        noCyclesAmongPackagesOf("io.apigenmt.topology").check(topology);
    }

    @Test
    void shouldReportTwoPackagesThatDependOnEachOther() {
        // Given two fixture packages whose classes refer to each other
        JavaClasses fixture = new ClassFileImporter().importPackages("io.apigenmt.archfixture.cycle");

        // When the same rule looks at them
        EvaluationResult result = noCyclesAmongPackagesOf("io.apigenmt.archfixture.cycle").evaluate(fixture);

        // Then it names the cycle
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("first").contains("second");
    }
}
