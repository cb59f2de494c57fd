package io.dcbuild.operator.testing.controlplane;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code kubectl} and {@code helm} (built from source, {@link UpstreamBinaries}) run as the cluster
 * administrator of a {@link ControlPlane}, as a user runs them: with the admin kubeconfig, and with their caches and
 * configuration in the control plane's work directory (never {@code ~/.kube} or the user's Helm home).
 */
public final class ClusterCommands {

    /** What a command printed (stderr merged into stdout) and its exit code. */
    public record Result(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ControlPlane controlPlane;
    private final Path home;

    ClusterCommands(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
        this.home = controlPlane.workDir().resolve("cli");
    }

    /** {@code kubectl --kubeconfig <admin> <args>}, with {@code stdin} (if not null) as its input. */
    public Result kubectl(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(controlPlane.binaries().kubectl().toString(),
                "--kubeconfig", controlPlane.adminKubeconfig().toString(),
                "--cache-dir", home.resolve("kube-cache").toString()));
        command.addAll(List.of(args));
        return run(command, stdin, Map.of());
    }

    /** {@code helm <args> --kubeconfig <admin>}. */
    public Result helm(String... args) {
        List<String> command = new ArrayList<>(List.of(controlPlane.binaries().helm().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--kubeconfig", controlPlane.adminKubeconfig().toString()));
        return run(command, null, Map.of(
                "HELM_CACHE_HOME", home.resolve("helm-cache").toString(),
                "HELM_CONFIG_HOME", home.resolve("helm-config").toString(),
                "HELM_DATA_HOME", home.resolve("helm-data").toString()));
    }

    private static Result run(List<String> command, String stdin, Map<String, String> environment) {
        try {
            Path output = Files.createTempFile("cluster-command-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                try (OutputStream in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command + " did not finish within " + TIMEOUT + ":\n"
                            + Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
