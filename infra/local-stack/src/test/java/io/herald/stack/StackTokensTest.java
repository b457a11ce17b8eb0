package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.security.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTokensTest {

    @TempDir
    Path dir;

    @Test
    void everyRunHasFourDistinctRandomTokensUnlessTheirVariableIsSet() {
        StackTokens first = new StackTokens(List.of(), name -> null);
        StackTokens second = new StackTokens(List.of(), name -> null);
        StackTokens given = new StackTokens(
                List.of(), name -> name.equals("HERALD_READ_TOKEN") ? "read-token-kept-across-runs" : null);

        assertThat(first.values()).containsOnlyKeys("publisher", "reader", "operator", "dispatcher");
        assertThat(Set.copyOf(first.values().values())).hasSize(4);
        assertThat(first.values().values())
                .allSatisfy(value -> assertThat(value).hasSizeGreaterThan(30));
        assertThat(second.value("operator")).isNotEqualTo(first.value("operator"));
        assertThat(given.value("reader")).isEqualTo("read-token-kept-across-runs");
    }

    @Test
    void aVariableThatCannotBeABearerTokenIsRefusedNamingItButNotItsValue() {
        assertThatThrownBy(() ->
                        new StackTokens(List.of(), name -> name.equals("HERALD_PUBLISH_TOKEN") ? "short secret" : null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("HERALD_PUBLISH_TOKEN is set but is not a usable bearer token")
                .hasMessageNotContaining("short secret");
    }

    @Test
    void anAddedTokenNeedsANameRolesAndTenants() {
        assertThatThrownBy(() -> StackTokens.extra("Acme Publisher", Set.of(Role.PUBLISH), List.of("acme"), List.of()))
                .hasMessageContaining("token name 'Acme Publisher'");
        assertThatThrownBy(() -> StackTokens.extra("acme", Set.of(), List.of("acme"), List.of()))
                .hasMessage("token 'acme': give at least one role");
        assertThatThrownBy(() -> StackTokens.extra("acme", Set.of(Role.READ), List.of(), List.of()))
                .hasMessage("token 'acme': give its tenants, or * for all");
        assertThatThrownBy(() -> LocalStack.builder().token("operator", Set.of(Role.READ), List.of("acme"), List.of()))
                .hasMessage("token 'operator' is already defined");
        assertThat(StackTokens.extra("acme-reader", Set.of(Role.READ), List.of("acme"), List.of())
                        .variable())
                .isEqualTo("HERALD_TOKEN_ACME_READER");
    }

    @Test
    void theTokensFileIsOwnerOnlyAndReadsAsPropertiesAndInAShell() throws Exception {
        StackTokens tokens = new StackTokens(
                List.of(StackTokens.extra("acme-publisher", Set.of(Role.PUBLISH), List.of("acme"), List.of())),
                name -> null);
        Path file = dir.resolve("work/tokens.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "an earlier run's file");

        tokens.write(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(StackTokens.read(file, "HERALD_OPERATOR_TOKEN")).contains(tokens.value("operator"));
        assertThat(StackTokens.read(file, "HERALD_TOKEN_ACME_PUBLISHER")).contains(tokens.value("acme-publisher"));
        assertThat(StackTokens.read(dir.resolve("missing"), "HERALD_OPERATOR_TOKEN"))
                .isEmpty();
        Process shell = new ProcessBuilder(
                        "sh",
                        "-c",
                        "set -a; . \"$0\"; set +a; echo \"$HERALD_PUBLISH_TOKEN $HERALD_READ_TOKEN $HERALD_SERVICE_TOKEN\"",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String echoed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(shell.waitFor()).isZero();
        assertThat(echoed)
                .isEqualTo(tokens.value("publisher") + " " + tokens.value("reader") + " " + tokens.value("dispatcher"));
    }

    @Test
    void aTokensDescriptionNeverShowsItsValue() {
        StackTokens tokens = new StackTokens(List.of(), name -> null);

        assertThat(tokens.all())
                .allSatisfy(token -> assertThat(token.toString())
                        .doesNotContain(tokens.values().values()));
    }
}
