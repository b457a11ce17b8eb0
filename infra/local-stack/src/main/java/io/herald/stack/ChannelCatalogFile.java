package io.herald.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The channel catalog the services read: the builder's file as it is, or its YAML written to
 * {@code <work>/channels.yml} with {@value LocalStack#SANDBOX_URL_TOKEN} replaced by the sandbox's base URL.
 */
final class ChannelCatalogFile {

    private ChannelCatalogFile() {}

    /** Before anything starts: a stack with services needs a catalog file that exists. */
    static void check(StackBuilder options) {
        if (options.services.isEmpty() || options.channelsContent != null) {
            return;
        }
        if (!Files.isRegularFile(options.channelsFile)) {
            throw new IllegalStateException("channel catalog not found: " + options.channelsFile);
        }
    }

    /** The absolute file to hand the services, written now when the builder gave its content. */
    static Path write(StackBuilder options, String sandboxUrl) throws IOException {
        if (options.channelsContent == null) {
            return options.channelsFile.toAbsolutePath();
        }
        Path file = options.workDir.resolve("channels.yml");
        Files.writeString(file, options.channelsContent.replace(LocalStack.SANDBOX_URL_TOKEN, sandboxUrl));
        return file.toAbsolutePath();
    }
}
