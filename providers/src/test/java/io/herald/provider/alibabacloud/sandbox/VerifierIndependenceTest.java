package io.herald.provider.alibabacloud.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The sandbox must check Alibaba's rules with code of its own: a bug shared with the signer would pass unseen. */
class VerifierIndependenceTest {

    @Test
    void sandboxUsesNothingOfTheSignerSide() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.herald.provider.alibabacloud");

        noClasses().that().resideInAPackage("io.herald.provider.alibabacloud.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.herald.provider.alibabacloud", "io.herald.provider.spi.signing..")
                .because("the verifier must not reuse AlibabaCloudSigner, Acs3, RpcParameters or Crypto")
                .check(classes);
    }
}
