package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {

    @TempDir
    Path workDir;

    @Test
    void eventsAreOneTabSeparatedLineEach() throws Exception {
        RunFiles files = new RunFiles(workDir);

        files.event("READY", "kafka", "5120", "127.0.0.1:19092");
        files.event("FAILED", "registry", "", "line one\nline\ttwo");

        assertThat(Files.readAllLines(files.events()))
                .containsExactly("READY\tkafka\t5120\t127.0.0.1:19092", "FAILED\tregistry\t\tline one line two");
    }

    @Test
    void stateIsReadBackAsWritten() throws Exception {
        RunFiles files = new RunFiles(workDir);
        Properties state = new Properties();
        state.setProperty("kafka.bootstrap", "127.0.0.1:19092");

        files.writeState(state);

        assertThat(files.readState()).contains(state);
    }

    @Test
    void nothingRunsInAFreshWorkDir() throws Exception {
        RunFiles files = new RunFiles(workDir);
        files.prepareForStart();

        assertThat(files.supervisor()).isEmpty();
        assertThat(files.leftovers()).isEmpty();
    }

    @Test
    void aPidFileNamingSomeoneElsesProcessIsIgnored() throws Exception {
        RunFiles files = new RunFiles(workDir);
        files.prepareForStart();
        // this test JVM is alive but is not part of the stack
        Files.writeString(
                workDir.resolve("run/kafka.pid"),
                Long.toString(ProcessHandle.current().pid()));
        files.writeSupervisorPid(ProcessHandle.current().pid());

        assertThat(files.leftovers()).isEmpty();
        assertThat(files.supervisor()).isEmpty();
    }
}
