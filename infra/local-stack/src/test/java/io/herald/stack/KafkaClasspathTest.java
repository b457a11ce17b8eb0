package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's classpath: jars only, a booter's pathing jar expanded, none of Herald's own classes. */
class KafkaClasspathTest {

    @TempDir
    Path dir;

    @Test
    void keepsThirdPartyJarsInOrderAndDropsDirectoriesAndHeraldsOwn() throws Exception {
        Path home = Files.createDirectories(dir.resolve("herald"));
        Path kafka = jar(dir.resolve("repo/org/apache/kafka/kafka_2.13.jar"), null, true);
        Path scala = jar(dir.resolve("repo/org/scala-lang/scala-library.jar"), null, true);
        Path schemas = jar(dir.resolve("repo/io/herald/schemas/schemas.jar"), null, true);
        Path launcher = jar(home.resolve("infra/local-stack/target/local-stack.jar"), null, true);
        Path classes = Files.createDirectories(home.resolve("infra/local-stack/target/classes/io"));

        List<Path> jars = KafkaClasspath.jars(
                String.join(
                        File.pathSeparator,
                        classes.getParent().toString(),
                        kafka.toString(),
                        launcher.toString(),
                        schemas.toString(),
                        scala.toString(),
                        dir.resolve("gone.jar").toString()),
                home);

        assertThat(jars).containsExactly(kafka, scala);
    }

    @Test
    void expandsAPathingJarSuchAsFailsafesBooter() throws Exception {
        Path home = Files.createDirectories(dir.resolve("herald"));
        Path kafka = jar(dir.resolve("repo/org/apache/kafka/kafka_2.13.jar"), null, true);
        Path clients = jar(dir.resolve("repo/org/apache/kafka/kafka-clients.jar"), null, true);
        Path booter = jar(
                home.resolve("infra/bench/target/surefire/surefirebooter-1.jar"),
                "../../../../../repo/org/apache/kafka/kafka_2.13.jar " + clients.toUri() + " "
                        + home.resolve("infra/bench/target/test-classes").toUri(),
                false);
        // a library that names others in its manifest but has classes of its own stays as it is
        Path library =
                jar(dir.resolve("repo/org/example/lib.jar"), clients.toUri().toString(), true);

        assertThat(KafkaClasspath.jars(booter + File.pathSeparator + library, dir.resolve("elsewhere")))
                .containsExactly(kafka, clients, library);
        assertThat(KafkaClasspath.jars(booter.toString(), home)).containsExactly(kafka, clients);
    }

    private static Path jar(Path path, String classPath, boolean withClass) throws Exception {
        Files.createDirectories(path.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream file = Files.newOutputStream(path);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            if (withClass) {
                out.putNextEntry(new JarEntry("org/example/Thing.class"));
                out.write(new byte[] {1});
                out.closeEntry();
            }
        }
        return path;
    }
}
