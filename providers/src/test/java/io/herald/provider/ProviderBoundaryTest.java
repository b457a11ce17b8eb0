package io.herald.provider;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.herald.contract.provider.Provider;
import io.herald.provider.spi.ProviderPlugin;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps each provider in its own package: providers do not reach into each other, the SPI names none of them, and a
 * provider's sandbox verifier is an independent implementation of its rules — it shares no code with the signing side,
 * so a mistake cannot cancel itself out between signer and verifier.
 */
class ProviderBoundaryTest {

    private static final JavaClasses PROVIDERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.herald.provider");

    @Test
    void everyProviderPackageIsARegisteredPlugin() {
        assertThat(providerPackages()).isNotEmpty();
        List<String> registered =
                Provider.all().stream().map(p -> p.getClass().getPackageName()).toList();
        assertThat(registered).containsExactlyInAnyOrderElementsOf(providerPackages());
        assertThat(Provider.all()).allSatisfy(p -> assertThat(p).isInstanceOf(ProviderPlugin.class));
    }

    @Test
    void providersDoNotReachIntoEachOther() {
        for (String provider : providerPackages()) {
            noClasses()
                    .that()
                    .resideInAPackage(provider + "..")
                    .should()
                    .dependOnClassesThat(otherProvider(provider))
                    .because("a provider is one package; what two providers share belongs in the SPI")
                    .check(PROVIDERS);
        }
    }

    @Test
    void theSpiNamesNoProvider() {
        for (String provider : providerPackages()) {
            noClasses()
                    .that()
                    .resideInAPackage("io.herald.provider.spi..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(provider + "..")
                    .check(PROVIDERS);
        }
    }

    @Test
    void sandboxVerifiersShareNoCodeWithTheSigningSide() {
        for (String provider : providerPackages()) {
            classes()
                    .that()
                    .resideInAPackage(provider + ".sandbox..")
                    .should()
                    .onlyDependOnClassesThat()
                    .resideInAnyPackage(
                            provider + ".sandbox..",
                            "io.herald.provider.spi.sandbox..",
                            "java..",
                            "javax.crypto..",
                            "tools.jackson..",
                            "org.slf4j..")
                    .because("the verifier must implement the provider's documented rules on its own, not reuse"
                            + " the signer's canonicalisation or crypto")
                    .check(PROVIDERS);
        }
    }

    @Test
    void onlyThePluginClassMakesTheSandboxVerifier() {
        for (String provider : providerPackages()) {
            noClasses()
                    .that()
                    .resideInAPackage(provider)
                    .and()
                    .doNotImplement(ProviderPlugin.class)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(provider + ".sandbox..")
                    .because("signing and classification must not use the verifier's code either")
                    .check(PROVIDERS);
        }
    }

    /** {@code io.herald.provider.<name>} for every provider in the code base (not the SPI). */
    static Set<String> providerPackages() {
        Set<String> packages = new TreeSet<>();
        PROVIDERS.forEach(c -> {
            String rest = c.getPackageName().substring("io.herald.provider".length());
            if (rest.startsWith(".") && !rest.startsWith(".spi")) {
                String name = rest.substring(1).split("\\.")[0];
                packages.add("io.herald.provider." + name);
            }
        });
        return packages;
    }

    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass>
            otherProvider(String own) {
        return com.tngtech.archunit.base.DescribedPredicate.describe("belong to another provider", c -> {
            String name = c.getPackageName();
            return name.startsWith("io.herald.provider.")
                    && !name.startsWith("io.herald.provider.spi")
                    && !name.equals(own)
                    && !name.startsWith(own + ".");
        });
    }
}
