package io.dcbuild.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.testing.BusyboxBaseImage;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.RealEnvbuilder;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make demo}: the operator on the embedded sandbox, no cluster needed.
 *
 * <p>Real: the operator itself (with the RBAC it ships), the Kubernetes control plane built from source (etcd,
 * kube-apiserver, kube-controller-manager, kubectl), Debian's docker-registry on 127.0.0.1, git over smart HTTP
 * (JGit) on 127.0.0.1, and Envbuilder, built from its module and run in a throwaway root per pod, where the machine
 * allows ({@link RealEnvbuilder#detect()}). Simulated: the kubelet (a node that binds the pods and serves their logs),
 * and Envbuilder where the real one cannot run (a simulator that clones the repository and pushes the cache layers
 * and the image into the real registry, without running the Dockerfile's RUN steps). The builds are applied with the real kubectl. Runs only in the Maven profile
 * {@code demo}.
 */
@Tag("demo")
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SandboxDemo {

    private static final Path EXAMPLES = Path.of("examples/sandbox");
    private static final Duration KEEP = Duration.ofSeconds(Long.getLong("demo.keepSeconds", 0));

    @Test
    void runTheSandbox() throws Exception {
        say("""

                ==================================================================================
                 devcontainer-build-operator sandbox
                 real:      the operator (with the RBAC it ships), the Kubernetes control plane
                            (etcd, kube-apiserver, kube-controller-manager, kubectl, built from
                            source), an OCI registry (Debian docker-registry), a git server (JGit)
                 simulated: the kubelet (one node) that runs the pods' Envbuilder: the real binary
                            (built from github.com/coder/envbuilder) in a throwaway root when this
                            machine can, else a simulator (real cache layers and images in the
                            registry, but no RUN step executed)
                ==================================================================================""");
        RealEnvbuilder.Availability envbuilder = RealEnvbuilder.detect();
        if (envbuilder.required() && envbuilder.envbuilder().isEmpty()) {
            throw new IllegalStateException(RealEnvbuilder.SETTING + "=real, but " + envbuilder.description());
        }
        ControlPlane controlPlane = ControlPlane.shared();
        Path kubeconfig = controlPlane.adminKubeconfig().toAbsolutePath();
        say("api server " + controlPlane.apiServerUrl() + "  (kubeconfig: " + kubeconfig + ")");
        try (LocalRegistry registry = LocalRegistry.startDefault();
                GitHttpServer git = GitHttpServer.start();
                EnvbuilderKubeletSimulator kubelet = EnvbuilderKubeletSimulator.onNewNode(client())) {
            Map<String, String> files = sampleRepoFiles();
            if (envbuilder.envbuilder().isPresent()) {
                kubelet.runningRealEnvbuilder(envbuilder.envbuilder().get());
                // no public registry is reachable here: the real build starts from a base image made here
                String base = BusyboxBaseImage.pushTo(registry, "base/busybox:1");
                files.put(".devcontainer/Dockerfile", "FROM " + base + "\n"
                        + "RUN echo \"welcome to the sandbox\" > /etc/motd\n");
                say("envbuilder REAL: " + envbuilder.description() + " (base image " + base + ")");
            } else {
                say("envbuilder SIMULATED: " + envbuilder.description());
            }
            git.createRepository("sample");
            String commit = git.commit("sample", "main", files);
            say("registry   http://" + registry.hostPort() + "/v2/");
            say("git        " + git.url("sample") + "  (main at " + commit.substring(0, 12) + ")");

            List<DevContainerBuild> builds = applyExamples(controlPlane, Map.of("GIT_URL", git.url("sample"),
                    "REGISTRY", registry.hostPort()));
            Map<String, String> lastSeen = new LinkedHashMap<>();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
                boolean settled = true;
                for (DevContainerBuild b : builds) {
                    DevContainerBuild now = client().resources(DevContainerBuild.class)
                            .inNamespace(b.getMetadata().getNamespace()).withName(b.getMetadata().getName()).get();
                    String line = describe(now);
                    if (!line.equals(lastSeen.put(now.getMetadata().getName(), line))) {
                        say(line);
                    }
                    BuildPhase phase = now.getStatus() == null ? null : now.getStatus().getPhase();
                    settled &= phase != null && phase.isTerminal();
                }
                return settled;
            });

            say("");
            say("$ kubectl get dcb -A");
            say(kubectl(controlPlane, "get", "dcb", "-A").stripTrailing());
            int served = 0;
            for (DevContainerBuild b : builds) {
                var s = client().resources(DevContainerBuild.class).inNamespace(b.getMetadata().getNamespace())
                        .withName(b.getMetadata().getName()).get().getStatus();
                if (s.getPhase() == BuildPhase.Ready && isServed(registry, s.getImage())) {
                    served++;
                }
            }
            assertThat(served).as("Ready builds whose digest the sandbox registry serves").isPositive();
            DevContainerBuild sample = builds.get(0);
            String image = client().resources(DevContainerBuild.class).inNamespace("demo")
                    .withName(sample.getMetadata().getName()).get().getStatus().getImage();
            say("");
            say(served + " image digest(s) verified in the registry. To look further while the sandbox runs:");
            String k = "  kubectl --kubeconfig " + kubeconfig + " ";
            say(k + "get dcb -A -w");
            say(k + "describe dcb -n demo sample");
            say(k + "get dcb -n demo typo -o jsonpath='{.status.conditions}'");
            say(k + "explain dcb.spec");
            say(k + "get dcbrun -n demo            (the run of each cache key: its phase, pods and image)");
            say(k + "get pods,events -n demo");
            say(k + "logs -n demo <pod>        (while a build runs; finished pods are deleted, a failed");
            say("                                         builder pod is kept with its log)");
            say("  sed -e 's#${GIT_URL}#" + git.url("sample") + "#' -e 's#${REGISTRY}#" + registry.hostPort()
                    + "#' -e 's#name: sample$#name: sample-3#' examples/sandbox/builds.yaml | kubectl --kubeconfig "
                    + kubeconfig + " apply -f -");
            say("  curl -sI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "
                    + manifestUrl(image));
            say("  curl -s http://" + registry.hostPort() + "/v2/demo/sample-cache/tags/list");
            say("The sandbox stops when the demo ends; keep it up for N seconds with: make demo KEEP=N");
            say("Next: make test (all tests), README.md (the CRD by example, running on a real cluster).");
            if (!KEEP.isZero()) {
                say("keeping the sandbox up for " + KEEP.toSeconds() + " s ...");
                await().pollDelay(KEEP).atMost(KEEP.plusSeconds(5)).until(() -> true);
            }
        }
    }

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }

    /** Runs the real kubectl as the sandbox's administrator and returns what it printed. */
    private static String kubectl(ControlPlane controlPlane, String... args) {
        var result = controlPlane.commands().kubectl(null, args);
        if (!result.succeeded()) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result.output();
    }

    private static Map<String, String> sampleRepoFiles() throws IOException {
        Path root = EXAMPLES.resolve("sample-repo");
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    /** Fills in the addresses and applies the examples with the real kubectl, as a user would. */
    private List<DevContainerBuild> applyExamples(ControlPlane controlPlane, Map<String, String> values)
            throws IOException {
        String yaml = Files.readString(EXAMPLES.resolve("builds.yaml"));
        for (var entry : values.entrySet()) {
            yaml = yaml.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        List<DevContainerBuild> builds = Stream.of(yaml.split("(?m)^---\\s*$"))
                .filter(document -> document.contains("kind: DevContainerBuild"))
                .map(document -> client().getKubernetesSerialization().unmarshal(document, DevContainerBuild.class))
                .toList();
        Path rendered = controlPlane.workDir().resolve("demo-builds.yaml");
        Files.writeString(rendered, yaml);
        for (String ns : builds.stream().map(b -> b.getMetadata().getNamespace()).distinct().toList()) {
            say("$ kubectl create namespace " + ns);
            kubectl(controlPlane, "create", "namespace", ns);
        }
        say("$ kubectl apply -f " + rendered);
        say(kubectl(controlPlane, "apply", "-f", rendered.toString()).stripTrailing());
        return builds;
    }

    private static String describe(DevContainerBuild build) {
        var status = build.getStatus();
        if (status == null || status.getPhase() == null) {
            return String.format("%-12s accepted", build.getMetadata().getName());
        }
        String ready = status.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                .map(c -> c.getReason() + ": " + firstLine(c)).orElse("");
        return String.format("%-12s %-9s %s", build.getMetadata().getName(), status.getPhase(), ready);
    }

    private static String firstLine(Condition condition) {
        String message = condition.getMessage() == null ? "" : condition.getMessage();
        return message.lines().findFirst().orElse("");
    }

    private static boolean isServed(LocalRegistry registry, String image) {
        int slash = image.indexOf('/');
        int at = image.indexOf('@');
        return registry.manifestDigest(image.substring(slash + 1, at), image.substring(at + 1)).isPresent();
    }

    private static String manifestUrl(String image) {
        int slash = image.indexOf('/');
        int at = image.indexOf('@');
        return "http://" + image.substring(0, slash) + "/v2/" + image.substring(slash + 1, at) + "/manifests/"
                + image.substring(at + 1);
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
