package io.dcbuild.operator.testing.controlplane;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kube-controller-manager with only the controllers the tests rely on: the garbage collector (owner
 * references) and the namespace controller (deleting a namespace deletes what is in it). No leader election, no
 * serving port (nothing binds a port), its log in a file.
 */
final class KubeControllerManager implements AutoCloseable {

    static final List<String> CONTROLLERS = List.of("garbage-collector-controller", "namespace-controller");

    private final Process process;

    private KubeControllerManager(Process process) {
        this.process = process;
    }

    static KubeControllerManager start(Path binary, Path kubeconfig, Path logFile) throws IOException {
        Process process = new ProcessBuilder(binary.toString(),
                "--kubeconfig=" + kubeconfig,
                "--controllers=" + String.join(",", CONTROLLERS),
                "--leader-elect=false",
                "--secure-port=0",
                "--concurrent-gc-syncs=5",
                "--concurrent-namespace-syncs=5")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        return new KubeControllerManager(process);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
