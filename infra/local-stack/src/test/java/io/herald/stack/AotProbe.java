package io.herald.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.IntStream;

/**
 * A stand-in for a service's exec jar in {@link AotCacheTest}: run, it does a little work and says so; run with
 * {@code -Djarmode=tools extract --destination DIR}, it copies its own jar there, as Spring Boot's tools do.
 */
public final class AotProbe {

    private AotProbe() {}

    public static void main(String[] args) throws Exception {
        if ("tools".equals(System.getProperty("jarmode"))) {
            Path self = Path.of(AotProbe.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path destination = Path.of(args[2]);
            Files.createDirectories(destination.resolve("lib"));
            Files.copy(self, destination.resolve(self.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        int sum =
                IntStream.range(0, 1000).map(i -> i * 2).filter(i -> i % 3 == 0).sum();
        System.out.println("probe ran: " + sum);
    }
}
