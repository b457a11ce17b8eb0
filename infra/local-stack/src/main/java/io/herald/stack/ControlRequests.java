package io.herald.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How {@code herald restart} and {@code herald scale} ask the running supervisor to act on its processes: through
 * files in {@code <work>/run/requests/}, each written atomically. Files rather than a loopback port or a socket: no
 * port to clash with another stack, no token (whoever may write {@code .herald/run} may already signal the processes
 * it lists), no socket path length limit.
 */
final class ControlRequests {

    /** Runs one request in the supervisor; returns the command's exit code. */
    interface Handler {
        int handle(Properties request, Consumer<String> progress) throws Exception;
    }

    private static final Duration LOOK_EVERY = Duration.ofMillis(200);
    static final Duration PICK_UP_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;

    ControlRequests(Path workDir) {
        this.dir = workDir.resolve("run").resolve("requests");
    }

    Path dir() {
        return dir;
    }

    // ---- the command's side ----

    /**
     * Writes {@code <id>.request} (e.g. {@code command=restart}, {@code component=signer}), prints {@code <id>.out} as
     * it grows until {@code <id>.result} appears, then deletes the files.
     *
     * @param supervisorAlive checked while waiting: the answer never comes from a dead supervisor
     * @return the exit code the supervisor answered, or 1 when it did not answer
     */
    int send(Map<String, String> request, PrintStream out, BooleanSupplier supervisorAlive, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String id = UUID.randomUUID().toString();
        Path requestFile = dir.resolve(id + ".request");
        Path output = dir.resolve(id + ".out");
        Path result = dir.resolve(id + ".result");
        Properties properties = new Properties();
        properties.putAll(request);
        writeAtomically(requestFile, properties);
        Instant sent = Instant.now();
        long printed = 0;
        StringBuilder partial = new StringBuilder();
        try {
            while (true) {
                boolean done = Files.exists(result); // before reading the output: it is complete once the result exists
                printed = printNewLines(output, printed, partial, out);
                if (done) {
                    if (!partial.isEmpty()) {
                        out.println(partial);
                    }
                    Properties answer = read(result);
                    return Integer.parseInt(answer.getProperty("exit", "1"));
                }
                if (Files.exists(requestFile)
                        && Instant.now().isAfter(sent.plus(PICK_UP_TIMEOUT))
                        && Files.deleteIfExists(requestFile)) {
                    out.println("The supervisor did not take the request within " + PICK_UP_TIMEOUT.toSeconds()
                            + " s (a stack started by an older ./herald? ./herald down and up again)");
                    return 1;
                }
                if (!supervisorAlive.getAsBoolean()) {
                    out.println("The supervisor exited before it answered; see ./herald status");
                    return 1;
                }
                if (Instant.now().isAfter(sent.plus(timeout))) {
                    out.println("No answer within " + timeout.toSeconds() + " s; the supervisor carries on with it "
                            + "(see ./herald status and .herald/logs/supervisor.log)");
                    return 1;
                }
                Thread.sleep(LOOK_EVERY.toMillis() / 2);
            }
        } finally {
            for (Path file : new Path[] {requestFile, output, result}) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static long printNewLines(Path output, long from, StringBuilder partial, PrintStream out)
            throws IOException {
        if (!Files.exists(output)) {
            return from;
        }
        long position = from;
        try (SeekableByteChannel channel = Files.newByteChannel(output, StandardOpenOption.READ)) {
            channel.position(from);
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int read;
            while ((read = channel.read(buffer)) > 0) {
                bytes.write(buffer.array(), 0, read);
                buffer.clear();
                position += read;
            }
            partial.append(bytes.toString(StandardCharsets.UTF_8));
        }
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            out.println(partial.substring(0, newline));
            partial.delete(0, newline + 1);
        }
        out.flush();
        return position;
    }

    // ---- the supervisor's side ----

    /** Clears what an earlier supervisor left, so a new supervisor never runs a dead one's requests. */
    void clear() throws IOException {
        FileTrees.deleteRecursively(dir);
        Files.createDirectories(dir);
    }

    /**
     * Every 200 ms renames each new {@code <id>.request} to {@code <id>.taken} and runs it on a thread of its own,
     * appending progress lines to {@code <id>.out} and writing {@code <id>.result} ({@code exit=0}) when done; until
     * the returned handle is closed.
     */
    AutoCloseable serve(Handler handler) {
        Thread watcher = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            takeNew(handler);
                            Thread.sleep(LOOK_EVERY.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        } catch (IOException | RuntimeException e) {
                            System.err.println("reading requests in " + dir + " failed: " + e);
                        }
                    }
                },
                "herald-requests");
        watcher.setDaemon(true);
        watcher.start();
        return watcher::interrupt;
    }

    private void takeNew(Handler handler) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> requests = Files.newDirectoryStream(dir, "*.request")) {
            for (Path request : requests) {
                String id = request.getFileName().toString().replaceFirst("\\.request$", "");
                Path taken = dir.resolve(id + ".taken");
                try {
                    Files.move(request, taken, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException e) {
                    continue; // withdrawn by the command
                }
                Thread run = new Thread(() -> run(id, taken, handler), "herald-request-" + id);
                run.setDaemon(true);
                run.start();
            }
        }
    }

    private void run(String id, Path taken, Handler handler) {
        Path output = dir.resolve(id + ".out");
        int exit;
        try (Writer out = Files.newBufferedWriter(
                output, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            Consumer<String> progress = line -> {
                try {
                    out.write(line + "\n");
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            try {
                exit = handler.handle(read(taken), progress);
            } catch (IllegalArgumentException | IllegalStateException e) {
                progress.accept(e.getMessage());
                exit = 2;
            } catch (Exception e) {
                progress.accept("failed: " + StackStartException.reason(e));
                exit = 1;
            }
        } catch (IOException | UncheckedIOException e) {
            exit = 1;
        }
        try {
            Properties result = new Properties();
            result.setProperty("exit", Integer.toString(exit));
            writeAtomically(dir.resolve(id + ".result"), result);
            Files.deleteIfExists(taken);
        } catch (IOException e) {
            System.err.println("answering request " + id + " failed: " + e);
        }
    }

    private static void writeAtomically(Path file, Properties properties) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            properties.store(out, null);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }
}
