package io.herald.contract.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.Channel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

    private static final String PROPERTY = "herald.channels.ops.credentials.secret";

    @TempDir
    Path dir;

    private final Map<String, String> environment = Map.of("HERALD_OPS_SECRET", "SECfromEnv", "BLANK", "  ");
    private final SecretResolver secrets = new SecretResolver(environment::get);

    @Test
    void environmentReferenceResolvesThroughTheEnvironmentLookup() {
        assertThat(secrets.resolve(PROPERTY, "env:HERALD_OPS_SECRET")).isEqualTo("SECfromEnv");
    }

    @Test
    void unsetEnvironmentVariableNamesPropertyAndVariable() {
        assertThatThrownBy(() -> secrets.resolve(PROPERTY, "env:HERALD_MISSING"))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("herald.channels.ops.credentials.secret: environment variable HERALD_MISSING is not set");
    }

    @Test
    void blankEnvironmentVariableIsRefused() {
        assertThatThrownBy(() -> secrets.resolve(PROPERTY, "env:BLANK"))
                .hasMessage("herald.channels.ops.credentials.secret: environment variable BLANK is empty");
    }

    @Test
    void fileReferenceIsReadAndTrimmed() throws IOException {
        Path file = Files.writeString(dir.resolve("ops-secret"), "  SECinFile\n");

        assertThat(secrets.resolve(PROPERTY, "file:" + file)).isEqualTo("SECinFile");
    }

    @Test
    void rotatedFileIsPickedUpWithoutRestart() throws IOException {
        Path file = Files.writeString(dir.resolve("ops-secret"), "SECold\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        assertThat(secrets.resolve(PROPERTY, "file:" + file)).isEqualTo("SECold");

        // same length, so only the modification time tells the versions apart
        Files.writeString(file, "SECnew\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:05Z")));

        assertThat(secrets.resolve(PROPERTY, "file:" + file)).isEqualTo("SECnew");
    }

    @Test
    void deletedFileIsReportedWithoutItsLastValue() throws IOException {
        Path file = Files.writeString(dir.resolve("ops-secret"), "SECsoonGone");
        assertThat(secrets.resolve(PROPERTY, "file:" + file)).isEqualTo("SECsoonGone");
        Files.delete(file);

        assertThatThrownBy(() -> secrets.resolve(PROPERTY, "file:" + file))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage(PROPERTY + ": file " + file + " does not exist")
                .message()
                .doesNotContain("SECsoonGone");
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("empty"), "\n");

        assertThatThrownBy(() -> secrets.resolve(PROPERTY, "file:" + file))
                .hasMessage(PROPERTY + ": file " + file + " is empty");
    }

    @Test
    void unreadableFileIsReportedByExceptionTypeNotContent() {
        // a directory cannot be read as a file
        assertThatThrownBy(() -> secrets.resolve(PROPERTY, "file:" + dir))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageStartingWith(PROPERTY + ": file " + dir + " cannot be read (");
    }

    @Test
    void valueGivenInsteadOfReferenceIsNotEchoed() {
        assertThatThrownBy(() -> secrets.resolve(PROPERTY, "SECpastedByMistake"))
                .hasMessage(PROPERTY + ": must be a reference, env:VARIABLE or file:/path")
                .message()
                .doesNotContain("SECpastedByMistake");
    }

    @Test
    void channelCredentialIsLookedUpByKey() {
        Channel channel = new Channel(
                "dingtalk",
                URI.create("https://oapi.dingtalk.com/robot/send"),
                Map.of("secret", "env:HERALD_OPS_SECRET"),
                null,
                null);

        assertThat(secrets.credential("ops", channel, "secret")).isEqualTo("SECfromEnv");
        assertThatThrownBy(() -> secrets.credential("ops", channel, "access-token"))
                .hasMessage(
                        "herald.channels.ops.credentials.access-token: not configured (give env:VARIABLE or file:/path)");
    }
}
