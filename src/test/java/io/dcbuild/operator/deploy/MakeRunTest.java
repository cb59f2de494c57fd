package io.dcbuild.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.UpstreamBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make run} without a cluster it can reach says so in one sentence before anything else (no build, no
 * {@code kubectl apply}); with one, the check ({@code bin/require-cluster}) lets it through without a word.
 */
class MakeRunTest {

    private static final Path CHECK = Path.of("bin", "require-cluster");

    @TempDir
    Path dir;

    @Test
    void withoutAReachableClusterMakeRunSaysSoInOneSentenceAndDoesNothingElse() throws Exception {
        int port = closedLoopbackPort();
        Path kubeconfig = kubeconfig("https://127.0.0.1:" + port, null, "some-token");

        // were the check to let it through, MVN would print this instead of building, and the apply would fail
        Result run = run(List.of("make", "--no-print-directory", "run", "MVN=echo BUILD-STARTED"), kubeconfig);

        assertThat(run.exit()).as(run.output()).isNotZero();
        String sentence = "No reachable cluster: the API server https://127.0.0.1:" + port + " of context \"test\" ("
                + kubeconfig + ") refused the connection; start it or point KUBECONFIG at a running cluster (make "
                + "demo needs none).";
        assertThat(run.output().lines().toList()).as("everything make run printed").first().isEqualTo(sentence);
        assertThat(run.output()).doesNotContain("BUILD-STARTED").doesNotContain("kubectl apply");
        assertThat(run.output().lines().skip(1).toList()).as("after the sentence, only make's own last word")
                .allSatisfy(line -> assertThat(line).startsWith("make: *** [Makefile:"));
    }

    @Test
    void theCheckNamesAKubeconfigWithoutACurrentContext() throws Exception {
        Path kubeconfig = dir.resolve("empty.kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");

        Result check = run(List.of("bash", CHECK.toString()), kubeconfig);

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.output()).isEqualTo("No cluster to run against: the kubeconfig (" + kubeconfig + ") names "
                + "no current context; point KUBECONFIG at a cluster's kubeconfig (make demo needs no cluster).\n");
    }

    @Test
    void theCheckLetsAReachableClusterThroughWithoutAWord() throws Exception {
        Result check = run(List.of("bash", CHECK.toString()), ControlPlane.shared().adminKubeconfig());

        assertThat(check.output()).isEmpty();
        assertThat(check.exit()).isZero();
    }

    @Test
    void theCheckSaysWhenTheClusterRefusesTheCredentials() throws Exception {
        ControlPlane controlPlane = ControlPlane.shared();
        Path kubeconfig = kubeconfig(controlPlane.apiServerUrl().toString(), controlPlane.certificateAuthorityData(),
                "not-a-token-the-api-server-knows");

        Result check = run(List.of("bash", CHECK.toString()), kubeconfig);

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.output()).isEqualTo("No reachable cluster: the API server " + controlPlane.apiServerUrl()
                + " of context \"test\" (" + kubeconfig + ") refused the credentials of that context; start it or "
                + "point KUBECONFIG at a running cluster (make demo needs none).\n");
        assertThat(check.output()).doesNotContain("not-a-token-the-api-server-knows");
    }

    private record Result(int exit, String output) {
    }

    /** Runs {@code command} in the project root with this kubeconfig and the kubectl the tests build; stdout+stderr. */
    private static Result run(List<String> command, Path kubeconfig) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // as a user runs it, at the top level: under make test, the parent make's variables would make it a
        // sub-make ("make[1]: ***")
        builder.environment().keySet().removeAll(List.of("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES"));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("KUBECTL", UpstreamBinaries.ensureBuilt().kubectl().toString());
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 120 s: " + output.getNow(""));
        }
        return new Result(process.exitValue(), output.join());
    }

    /** A kubeconfig of one context, {@code test}, for that server and bearer token. */
    private Path kubeconfig(String server, String certificateAuthorityData, String token) throws IOException {
        Path file = dir.resolve("test.kubeconfig");
        Files.writeString(file, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: test",
                "  cluster:",
                "    server: " + server,
                certificateAuthorityData == null ? "    insecure-skip-tls-verify: true"
                        : "    certificate-authority-data: " + certificateAuthorityData,
                "users:",
                "- name: test",
                "  user:",
                "    token: " + token,
                "contexts:",
                "- name: test",
                "  context: {cluster: test, user: test}",
                "current-context: test",
                ""));
        return file;
    }

    /** A loopback port nothing listens on (it was free a moment ago, and nothing here binds ports at random). */
    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
