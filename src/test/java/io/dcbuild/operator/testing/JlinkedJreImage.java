package io.dcbuild.operator.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JRE 17 base image made here and pushed to a {@link LocalRegistry} (no public registry is reachable from tests),
 * laid out as {@code eclipse-temurin:17-jre} is: a runtime that {@code jlink} cuts from this machine's JDK
 * ({@code java.home}) under {@code /opt/java/openjdk}, with {@code JAVA_HOME} and a {@code PATH} that finds its
 * {@code java}, an entrypoint and command of its own (an image built on it must replace them) and OCI labels of its
 * own. It stands for a base image's configuration and JRE files, not for a whole distribution: the runtime is
 * dynamically linked against the C library, which this image does not bring, and it holds the modules of the
 * operator's own code and of its HTTP, TLS and JMX use, not every module its dependencies can touch
 * ({@code jdeps --print-module-deps} over {@code target/quarkus-app} adds java.desktop, java.rmi,
 * java.security.jgss and jdk.compiler, 40 MB that would only slow the test down).
 */
public final class JlinkedJreImage {

    public static final String JAVA_HOME = "/opt/java/openjdk";
    public static final String PATH = JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The base's own version label, which an image built on it must replace with its own. */
    public static final String VERSION_LABEL = "17-jlinked";

    /** {@code jdk.crypto.ec} is loaded by TLS as a service, where jdeps cannot see it. */
    static final List<String> MODULES = List.of("java.base", "java.logging", "java.management", "java.naming",
            "java.net.http", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.unsupported");

    private JlinkedJreImage() {
    }

    /**
     * Links the runtime under {@code work}, pushes {@code <registry>/<repositoryAndTag>} and returns its reference.
     *
     * @throws IllegalStateException when this JVM's home has no {@code jlink} or no {@code jmods} (a JRE, not a JDK)
     */
    public static String pushTo(LocalRegistry registry, String repositoryAndTag, Path work) {
        String reference = registry.hostPort() + "/" + repositoryAndTag;
        Path runtime = link(work.resolve("jre"));
        try {
            FileEntriesLayer layer = FileEntriesLayer.builder().setName("jre")
                    .addEntryRecursive(runtime, AbsoluteUnixPath.get(JAVA_HOME), (source, target) -> {
                        try {
                            return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(source));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .build();
            Containerizer containerizer = Containerizer.to(RegistryImage.named(reference))
                    .setAllowInsecureRegistries(true)
                    .setBaseImageLayersCache(work.resolve("jib-base-cache"))
                    .setApplicationLayersCache(work.resolve("jib-app-cache"))
                    .setToolName("dcbuild-tests");
            Jib.fromScratch().setFormat(ImageFormat.OCI).setCreationTime(Instant.EPOCH).addFileEntriesLayer(layer)
                    .setEnvironment(Map.of("JAVA_HOME", JAVA_HOME, "PATH", PATH))
                    .setEntrypoint(List.of("java"))
                    .setProgramArguments(List.of("-version"))
                    .addLabel("org.opencontainers.image.version", VERSION_LABEL)
                    .addLabel("org.opencontainers.image.ref.name", "jlinked-jre")
                    .containerize(containerizer);
            return reference;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing " + reference, e);
        } catch (Exception e) {
            throw new IllegalStateException("Jib could not push " + reference, e);
        }
    }

    private static Path link(Path output) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jlink = javaHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink) || !Files.isDirectory(javaHome.resolve("jmods"))) {
            throw new IllegalStateException(javaHome + " has no bin/jlink or no jmods: run the tests with a JDK "
                    + "(Debian: apt-get install -y openjdk-17-jdk-headless)");
        }
        List<String> command = new ArrayList<>(List.of(jlink.toString(), "--add-modules", String.join(",", MODULES),
                "--no-header-files", "--no-man-pages", "--output", output.toString()));
        try {
            Path log = Files.createTempFile("jlink-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("jlink did not finish within 3 minutes: " + command);
            }
            String printed = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("jlink exited with " + process.exitValue() + ": " + printed);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jlink, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jlink", e);
        }
    }
}
