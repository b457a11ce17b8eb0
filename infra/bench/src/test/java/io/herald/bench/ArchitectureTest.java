package io.herald.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.ProviderPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundaries between Herald's parts, checked on the compiled main classes of every module (the services run as
 * executable jars, so their classes are read from each module's {@code target/classes}).
 */
class ArchitectureTest {

    private static final List<String> MODULES = List.of(
            "schemas",
            "providers",
            "ingest-service",
            "signer-service",
            "dispatcher-service",
            "audit-service",
            "infra/provider-sandbox",
            "infra/cli",
            "infra/local-stack",
            "infra/bench");
    private static final List<String> SERVICES = List.of("ingest", "signer", "dispatcher", "audit");
    private static final JavaClasses HERALD = new ClassFileImporter().importPaths(classDirectories());

    @Test
    void everyModuleIsChecked() {
        for (String service : SERVICES) {
            assertThat(HERALD.containPackage("io.herald." + service))
                    .as(service)
                    .isTrue();
        }
        assertThat(providerPackages()).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void servicesNeverImportEachOtherTheLauncherOrTheSandbox() {
        for (String service : SERVICES) {
            String[] others = Stream.concat(
                            SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "io.herald." + s + ".."),
                            Stream.of("io.herald.stack..", "io.herald.bench..", "io.herald.sandbox.."))
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage("io.herald." + service + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(HERALD);
        }
    }

    @Test
    void contractsAndProvidersImportNoServiceAndNoTooling() {
        noClasses()
                .that()
                .resideInAnyPackage("io.herald.contract..", "io.herald.schema..", "io.herald.provider..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.herald.ingest..",
                        "io.herald.signer..",
                        "io.herald.dispatcher..",
                        "io.herald.audit..",
                        "io.herald.stack..",
                        "io.herald.bench..",
                        "io.herald.sandbox..")
                .check(HERALD);
    }

    @Test
    void theLauncherDoesNotDependOnTheBenchmark() {
        noClasses()
                .that()
                .resideInAPackage("io.herald.stack..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.herald.bench..")
                .check(HERALD);
    }

    @Test
    void theOperatorCliTalksToHeraldOnlyThroughItsApisAndSchemas() {
        assertThat(HERALD.containPackage("io.herald.cli"))
                .as("the CLI's classes")
                .isTrue();
        noClasses()
                .that()
                .resideInAPackage("io.herald.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.herald.ingest..",
                        "io.herald.signer..",
                        "io.herald.dispatcher..",
                        "io.herald.audit..",
                        "io.herald.stack..",
                        "io.herald.bench..",
                        "io.herald.sandbox..",
                        "io.herald.provider..")
                .check(HERALD);
    }

    @Test
    void noProviderIsNamedOutsideItsPackage() {
        for (String provider : providerPackages()) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(provider + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(provider + "..")
                    .because("a provider is one package, found through its plug-in registration")
                    .check(HERALD);
        }
    }

    @Test
    void onlyTheSignerHoldsCredentials() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.herald.signer..", "io.herald.provider..", "io.herald.contract..")
                .should()
                .callMethod(ProviderPlugin.class, "signer", SecretResolver.class)
                .check(HERALD);
        // services resolve their own secrets (a TLS key store password, the dispatcher's token for the signer), never
        // a channel's credential: the dispatcher deploys provider code but never a provider secret
        noClasses()
                .that()
                .resideOutsideOfPackages("io.herald.signer..", "io.herald.provider..", "io.herald.contract..")
                .should()
                .callMethod(SecretResolver.class, "credential", String.class, Channel.class, String.class)
                .check(HERALD);
    }

    @Test
    void theSandboxSharesNoSigningCode() {
        noClasses()
                .that()
                .resideInAPackage("io.herald.sandbox..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.herald.provider.spi.signing..", "io.herald.signer..")
                .check(HERALD);
    }

    private static Set<String> providerPackages() {
        Set<String> packages = new TreeSet<>();
        HERALD.forEach(c -> {
            String name = c.getPackageName();
            if (name.startsWith("io.herald.provider.") && !name.startsWith("io.herald.provider.spi")) {
                packages.add("io.herald.provider."
                        + name.substring("io.herald.provider.".length()).split("\\.")[0]);
            }
        });
        return packages;
    }

    private static List<Path> classDirectories() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("run from inside the Herald checkout");
        }
        Path home = root;
        List<Path> directories = MODULES.stream()
                .map(m -> home.resolve(m).resolve("target/classes"))
                .toList();
        directories.forEach(d ->
                assertThat(d).as("compiled classes (build the modules first)").isDirectory());
        return directories;
    }
}
