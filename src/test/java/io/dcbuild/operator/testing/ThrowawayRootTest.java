package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process in a {@link ThrowawayRoot} can reach of the machine: it deletes, by their host paths and through a
 * link, a directory of the machine and a file the kubelet mounted read-only, and removes everything it can see; the
 * machine's files stay, the mounted file stays, and closing the root removes the link, not its target. The
 * destructive commands name a canary directory, never the machine's {@code /}: were the isolation broken, the test
 * would fail having deleted only its canary.
 */
class ThrowawayRootTest {

    private static final Path BWRAP = Path.of("/usr/bin/bwrap");

    @TempDir
    Path temp;

    @Test
    void aProcessInTheRootCannotDeleteTheMachinesFilesAndClosingDeletesLinksNotTheirTargets() throws Exception {
        assumeTrue(Files.isExecutable(BWRAP), "bubblewrap is not installed");
        BusyboxBaseImage.requireStatic(BusyboxBaseImage.BUSYBOX);
        Path canary = Files.createDirectories(temp.resolve("machine"));
        Path canaryFile = Files.writeString(canary.resolve("precious.txt"), "keep me", StandardCharsets.UTF_8);
        Path mounted = Files.createDirectories(temp.resolve("configmap"));
        Path mountedFile = Files.writeString(mounted.resolve("ca.crt"), "a certificate", StandardCharsets.UTF_8);
        Path parent = temp.resolve("roots");

        ThrowawayRoot root = ThrowawayRoot.create(parent, BusyboxBaseImage.BUSYBOX);
        Path inside = root.directory();
        Files.createDirectories(inside.resolve("bin"));
        Files.copy(BusyboxBaseImage.BUSYBOX, inside.resolve("bin/busybox"));
        Files.createSymbolicLink(inside.resolve("escape"), canary.toAbsolutePath());
        root.mountReadOnly(mounted, "/var/run/dcbuild/ca");
        String script = "rm -rf " + canary.toAbsolutePath() + " " + canaryFile.toAbsolutePath() + "; "
                + "rm -rf /escape/; rm -f /var/run/dcbuild/ca/ca.crt; "
                + "echo > /var/run/dcbuild/ca/ca.crt; "
                + "for entry in /.envbuilder /bin /escape; do rm -rf $entry; done; "
                + "test -e " + canaryFile.toAbsolutePath() + " && echo SEES-THE-MACHINE; "
                + "cat /var/run/dcbuild/ca/ca.crt; echo; echo finished";

        List<String> output = run(root.command(BWRAP, List.of("/bin/busybox", "sh", "-c", script)));

        assertThat(output).as("the script ran inside").contains("finished", "a certificate")
                .doesNotContain("SEES-THE-MACHINE");
        assertThat(canaryFile).as("a file of the machine, named by its path").hasContent("keep me");
        assertThat(mountedFile).as("the mounted ConfigMap file").hasContent("a certificate");

        root.close();
        assertThat(inside).doesNotExist();
        assertThat(canaryFile).as("closing the root removed the link, not its target").hasContent("keep me");
        assertThat(mountedFile).hasContent("a certificate");
    }

    /** Roots a killed test JVM left behind go; roots of a JVM at work now and other directories stay. */
    @Test
    void staleRootsAreDeletedAndNothingElse() throws IOException {
        Path parent = temp.resolve("roots");
        ThrowawayRoot old = ThrowawayRoot.create(parent, BusyboxBaseImage.BUSYBOX);
        ThrowawayRoot young = ThrowawayRoot.create(parent, BusyboxBaseImage.BUSYBOX);
        Path other = Files.createDirectories(parent.resolve("not-a-root"));
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofHours(7)));
        Files.setLastModifiedTime(old.directory(), longAgo);
        Files.setLastModifiedTime(other, longAgo);

        ThrowawayRoot.deleteStale(parent, Duration.ofHours(6));

        assertThat(old.directory()).doesNotExist();
        assertThat(young.directory().resolve(ThrowawayRoot.BINARY_PATH.substring(1))).exists();
        assertThat(other).exists();
        young.close();
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
            reader.lines().forEach(lines::add);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return lines;
    }
}
