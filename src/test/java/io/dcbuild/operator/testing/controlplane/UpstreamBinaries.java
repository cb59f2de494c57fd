package io.dcbuild.operator.testing.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The upstream binaries (etcd, kube-apiserver, kube-controller-manager, kubectl, helm) built from their Go modules
 * by {@code test-infra/control-plane/build.sh}, which alone knows the pinned versions and the cache layout. The
 * first call builds what is missing (minutes, once per machine; progress goes to this JVM's stdout); later calls
 * only check that the binaries are there.
 */
public record UpstreamBinaries(Path kubernetesDir, Path helm) {

    private static final Path BUILD_SCRIPT = Path.of("test-infra", "control-plane", "build.sh");

    /** {@code <cache>/k8s}, the directory kube-api-test reads (as {@code <test dir>/k8s}). */
    public Path kubernetesListDir() {
        return kubernetesDir.getParent();
    }

    /** {@code 1.35.4}, from the directory name {@code 1.35.4-linux-amd64} that kube-api-test looks for. */
    public String kubernetesVersion() {
        String name = kubernetesDir.getFileName().toString();
        return name.substring(0, name.indexOf('-'));
    }

    public Path etcd() {
        return kubernetesDir.resolve("etcd");
    }

    public Path kubeApiServer() {
        return kubernetesDir.resolve("kube-apiserver");
    }

    public Path kubeControllerManager() {
        return kubernetesDir.resolve("kube-controller-manager");
    }

    public Path kubectl() {
        return kubernetesDir.resolve("kubectl");
    }

    /** Builds what is missing, then returns where everything is. */
    public static UpstreamBinaries ensureBuilt() {
        Path script = projectRoot().resolve(BUILD_SCRIPT);
        run(List.of("bash", script.toString()), true);
        List<String> printed = run(List.of("bash", script.toString(), "--print"), false);
        if (printed.size() < 2) {
            throw new IllegalStateException(script + " --print gave " + printed);
        }
        UpstreamBinaries binaries = new UpstreamBinaries(Path.of(printed.get(0)), Path.of(printed.get(1)));
        for (Path binary : List.of(binaries.etcd(), binaries.kubeApiServer(), binaries.kubeControllerManager(),
                binaries.kubectl(), binaries.helm())) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing after " + script);
            }
        }
        return binaries;
    }

    /**
     * The real Envbuilder binary if {@code build.sh --envbuilder-only} (make envbuilder) built it; nothing is built
     * here (a cold build takes minutes: {@code make test} and {@code .ci/run} build it before the tests).
     */
    public static Optional<Path> envbuilder() {
        Path script = projectRoot().resolve(BUILD_SCRIPT);
        List<String> printed = run(List.of("bash", script.toString(), "--print-envbuilder"), false);
        return printed.isEmpty() ? Optional.empty()
                : Optional.of(Path.of(printed.get(0))).filter(Files::isExecutable);
    }

    /** The repository root: Maven runs tests there; found by the build script from any subdirectory. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(BUILD_SCRIPT))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no " + BUILD_SCRIPT + " above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static List<String> run(List<String> command, boolean showProgress) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            StringBuilder output = new StringBuilder();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (showProgress) {
                        // through System.out: the test runner owns this JVM's standard output
                        System.out.println(line);
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exit + "\n" + output);
            }
            return output.toString().lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
