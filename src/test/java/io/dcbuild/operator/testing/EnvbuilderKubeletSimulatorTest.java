package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated kubelet + Envbuilder against a real registry and a real git server, on the JVM's real API server
 * ({@link ControlPlane}): pods are bound to the sandbox node, and their logs are read through {@code pods/log}, which
 * the API server forwards to the node's kubelet endpoint.
 */
class EnvbuilderKubeletSimulatorTest {

    private static final String DEVCONTAINER_JSONC = """
            // JSONC, as VS Code writes it
            {
              "name": "sample",
              /* the Dockerfile next to this file */
              "build": { "dockerfile": "Dockerfile", "context": "..", },
              "customizations": { "vscode": { "extensions": ["a.b",] } },
            }
            """;
    private static final String DOCKERFILE = """
            # syntax=docker/dockerfile:1
            FROM debian:12
            ENV LANG=C.UTF-8
            RUN apt-get update && \\
                apt-get install -y git
            COPY . /src
            RUN echo done
            """;

    private static LocalRegistry registry;
    private static GitHttpServer git;
    private static KubernetesClient client;
    private static EnvbuilderKubeletSimulator simulator;
    private static TestNamespaces namespaces;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.startDefault();
        git = GitHttpServer.start();
        client = ControlPlane.shared().admin();
        namespaces = new TestNamespaces(client);
        for (int i = 1; i <= 7; i++) {
            namespaces.create(ns(i), Map.of());
        }
        simulator = EnvbuilderKubeletSimulator.onNewNode(client);
    }

    @AfterAll
    static void stop() {
        if (namespaces != null) {
            namespaces.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (git != null) {
            git.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void buildPushesOneTagPerStepAndLatestThenProbeReportsTheDigestOfLatest() throws Exception {
        String repoUrl = sampleRepository("build-then-probe");
        CacheRepository cache = CacheRepository.parse(registry.hostPort() + "/cache/build-then-probe");

        Pod build = create(EnvbuilderPodTemplate.of(ns(1), "b1-build", PodRole.BUILD,
                repoUrl + "#refs/heads/main", cache.reference()).buildName("b1").build());
        HandledPod built = simulator.awaitHandled(build);
        assertThat(built.log()).contains("#1: 📦 Cloning " + repoUrl, "Pushing layer ", "Pushed image!");
        assertThat(built.phase()).as(built.log()).isEqualTo("Succeeded");
        assertTerminated(ns(1), "b1-build", "Succeeded", 0, "Completed");

        List<String> tags = new RegistryTagLister().tags(cache);
        // latest, then a tag per cached step: the Dockerfile's three and the two COPY steps Envbuilder appends
        assertThat(tags).hasSize(6).contains("latest");
        assertThat(tags).filteredOn(tag -> !tag.equals("latest")).allMatch(tag -> tag.matches("[0-9a-f]{64}"));
        String latestDigest = new RegistryTagLister().digestOf(cache, "latest");

        Pod probe = create(EnvbuilderPodTemplate.of(ns(1), "b1-probe", PodRole.PROBE,
                repoUrl + "#refs/heads/main", cache.reference()).buildName("b1").build());
        HandledPod probed = simulator.awaitHandled(probe);
        assertThat(probed.exitCode()).as(probed.log()).isZero();
        assertTerminated(ns(1), "b1-probe", "Succeeded", 0, "Completed");

        String log = client.pods().inNamespace(ns(1)).withName("b1-probe").inContainer("envbuilder")
                .tailingLines(200).getLog();
        assertThat(log.lines()).contains("ENVBUILDER_CACHED_IMAGE=" + cache.reference() + "@" + latestDigest);
        assertThat(simulator.log(ns(1), "b1-probe")).isEqualTo(log);

        // a second build reuses every cached step and moves nothing but what it must
        Pod rebuild = create(EnvbuilderPodTemplate.of(ns(1), "b1-build-2", PodRole.BUILD,
                repoUrl + "#refs/heads/main", cache.reference()).buildName("b1").build());
        HandledPod rebuilt = simulator.awaitHandled(rebuild);
        assertThat(rebuilt.log()).contains("Using caching version of cmd: RUN echo done")
                .doesNotContain("Pushing layer ");
        assertThat(new RegistryTagLister().tags(cache)).isEqualTo(tags);
        assertThat(new RegistryTagLister().digestOf(cache, "latest")).isEqualTo(latestDigest);

        assertThat(simulator.buildPodNames()).contains("b1-build", "b1-build-2");
        assertThat(simulator.handledPods()).filteredOn(pod -> pod.name().equals("b1-build")).hasSize(1);
    }

    @Test
    void probeOnAnEmptyCacheFailsWithTheMissLine() {
        String repoUrl = sampleRepository("empty-cache");
        String cache = registry.hostPort() + "/cache/empty-cache";

        Pod probe = create(EnvbuilderPodTemplate.of(ns(2), "p-probe", PodRole.PROBE,
                repoUrl + "#refs/heads/main", cache).build());
        HandledPod probed = simulator.awaitHandled(probe);

        assertThat(probed.exitCode()).isEqualTo(1);
        assertTerminated(ns(2), "p-probe", "Failed", 1, "Error");
        String log = client.pods().inNamespace(ns(2)).withName("p-probe").inContainer("envbuilder")
                .tailingLines(200).getLog();
        assertThat(log.lines()).contains(
                "error: get cached image: error probing build cache: uncached RUN command is not supported in cache "
                        + "probe mode");
        assertThat(log).doesNotContain("ENVBUILDER_CACHED_IMAGE=");
    }

    @Test
    void probeNamesCopyWhenTheFirstUncachedStepIsACopy() throws Exception {
        String url = git.createRepository("copy-first");
        git.commit("copy-first", "main", Map.of(
                ".devcontainer/devcontainer.json", "{ \"build\": { \"dockerfile\": \"Dockerfile\" } }",
                ".devcontainer/Dockerfile", "FROM alpine:3\nCOPY . /x\n"));
        Pod probe = create(EnvbuilderPodTemplate.of(ns(2), "copy-probe", PodRole.PROBE, url + "#refs/heads/main",
                registry.hostPort() + "/cache/copy-first").build());
        assertThat(simulator.awaitHandled(probe).log().lines()).contains(
                "error: get cached image: error probing build cache: uncached COPY command is not supported in cache "
                        + "probe mode");
    }

    @Test
    void failedBuildPushesNothing() throws Exception {
        String repoUrl = sampleRepository("failing");
        CacheRepository cache = CacheRepository.parse(registry.hostPort() + "/cache/failing");
        simulator.failBuilds(pod -> pod.getMetadata().getName().equals("f-build"),
                "error: build: RUN apt-get install: exit status 100");
        try {
            Pod build = create(EnvbuilderPodTemplate.of(ns(3), "f-build", PodRole.BUILD,
                    repoUrl + "#refs/heads/main", cache.reference()).build());
            HandledPod failed = simulator.awaitHandled(build);

            assertThat(failed.exitCode()).isEqualTo(1);
            assertTerminated(ns(3), "f-build", "Failed", 1, "Error");
            assertThat(client.pods().inNamespace(ns(3)).withName("f-build").inContainer("envbuilder")
                    .tailingLines(200).getLog().lines())
                    .contains("error: build: RUN apt-get install: exit status 100");
            assertThat(new RegistryTagLister().tags(cache)).isEmpty();
        } finally {
            simulator.stopFailingBuilds();
        }
    }

    @Test
    void missingDockerfileFailsLikeEnvbuilder() {
        String url = git.createRepository("no-dockerfile");
        git.commit("no-dockerfile", "main", Map.of("README.md", "nothing to build"));

        Pod build = create(EnvbuilderPodTemplate.of(ns(3), "nd-build", PodRole.BUILD, url + "#refs/heads/main",
                registry.hostPort() + "/cache/no-dockerfile").build());
        HandledPod failed = simulator.awaitHandled(build);

        assertThat(failed.exitCode()).isEqualTo(1);
        List<String> lines = failed.log().lines().toList();
        assertThat(lines.get(lines.size() - 2))
                .startsWith("error: no devcontainer.json found at /workspaces/no-dockerfile/.devcontainer");
        assertThat(lines.get(lines.size() - 1)).as("repeated by the command framework, as the real binary does")
                .startsWith("error: running command \"envbuilder\": no devcontainer.json found at");
    }

    @Test
    void heldBuildsStayRunningUntilReleased() {
        String repoUrl = sampleRepository("held");
        simulator.holdBuilds();
        Pod build;
        try {
            build = create(EnvbuilderPodTemplate.of(ns(4), "h-build", PodRole.BUILD, repoUrl + "#refs/heads/main",
                    registry.hostPort() + "/cache/held").build());
            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.heldBuildPods().contains(ns(4) + "/h-build"));
            assertThat(client.pods().inNamespace(ns(4)).withName("h-build").get().getStatus().getPhase())
                    .isEqualTo("Running");
            assertThat(simulator.handledPods()).noneMatch(pod -> pod.name().equals("h-build"));
        } finally {
            simulator.releaseBuilds();
        }
        assertThat(simulator.awaitHandled(build).succeeded()).isTrue();
        assertThat(simulator.heldBuildPods()).isEmpty();
    }

    @Test
    void tagRefAndExplicitDockerfilePath() throws Exception {
        String url = git.createRepository("tagged");
        String v1 = git.commit("tagged", "main", Map.of("build/Containerfile", "FROM alpine:3\nRUN echo v1\n"));
        git.annotatedTag("tagged", "v1", v1, "v1");
        git.commit("tagged", "main", Map.of("build/Containerfile", "FROM alpine:3\nRUN echo v2\n"));
        CacheRepository cache = CacheRepository.parse(registry.hostPort() + "/cache/tagged");

        Pod build = create(EnvbuilderPodTemplate.of(ns(5), "t-build", PodRole.BUILD, url + "#refs/tags/v1",
                cache.reference()).literal("ENVBUILDER_DOCKERFILE_PATH", "build/Containerfile").build());
        HandledPod built = simulator.awaitHandled(build);

        assertThat(built.succeeded()).as(built.log()).isTrue();
        assertThat(built.log()).contains("No cached layer found for cmd RUN echo v1").doesNotContain("echo v2");
        assertThat(new RegistryTagLister().tags(cache)).hasSize(4); // latest, RUN echo v1, Envbuilder's two COPY
    }

    @Test
    void imageOnlyDevcontainerBuildsAnImageWithoutSteps() throws Exception {
        String url = git.createRepository("image-only");
        git.commit("image-only", "main", Map.of(".devcontainer/devcontainer.json",
                "{\n  // just an image\n  \"image\": \"mcr.microsoft.com/devcontainers/base:debian\",\n}\n"));
        CacheRepository cache = CacheRepository.parse(registry.hostPort() + "/cache/image-only");

        HandledPod built = simulator.awaitHandled(create(EnvbuilderPodTemplate.of(ns(5), "io-build", PodRole.BUILD,
                url + "#refs/heads/main", cache.reference()).build()));
        assertThat(built.succeeded()).as(built.log()).isTrue();
        // no step of the Dockerfile: only the two Envbuilder appends to every image it pushes
        assertThat(new RegistryTagLister().tags(cache)).hasSize(3).contains("latest");

        HandledPod probed = simulator.awaitHandled(create(EnvbuilderPodTemplate.of(ns(5), "io-probe",
                PodRole.VERIFY, url + "#refs/heads/main", cache.reference()).build()));
        assertThat(probed.log().lines()).contains("ENVBUILDER_CACHED_IMAGE=" + cache.reference() + "@"
                + new RegistryTagLister().digestOf(cache, "latest"));
        assertThat(simulator.startedCount(PodRole.VERIFY)).isPositive();
    }

    @Test
    void secretReferencesAuthenticateToAPrivateGitServerAndAnHtpasswdRegistry() throws Exception {
        try (LocalRegistry privateRegistry = LocalRegistry.builder().basicAuth("pusher", "reg-pass").start();
                GitHttpServer privateGit = GitHttpServer.builder().basicAuth("dev", "git-pass").start()) {
            String url = privateGit.createRepository("private");
            privateGit.commit("private", "main", Map.of(
                    ".devcontainer/devcontainer.json", "{ \"build\": { \"dockerfile\": \"Dockerfile\" } }",
                    ".devcontainer/Dockerfile", "FROM debian:12\nRUN echo private\n"));
            String dockerConfig = "{\"auths\":{\"" + privateRegistry.hostPort() + "\":{\"auth\":\""
                    + base64("pusher:reg-pass") + "\"}}}";
            client.secrets().inNamespace(ns(6)).resource(new SecretBuilder()
                    .withNewMetadata().withName("git-creds").withNamespace(ns(6)).endMetadata()
                    .addToData("username", base64("dev"))
                    .addToData("password", base64("git-pass"))
                    .build()).create();
            client.secrets().inNamespace(ns(6)).resource(new SecretBuilder()
                    .withNewMetadata().withName("docker-config").withNamespace(ns(6)).endMetadata()
                    .addToData("config", base64(base64(dockerConfig)))
                    .build()).create();
            CacheRepository cache = CacheRepository.parse(privateRegistry.hostPort() + "/cache/private");

            HandledPod built = simulator.awaitHandled(create(privatePod("s-build", PodRole.BUILD, url, cache)));
            assertThat(built.succeeded()).as(built.log()).isTrue();

            RegistryTagLister lister = new RegistryTagLister(Optional.of(new RegistryCredential("pusher", "reg-pass")));
            assertThat(lister.tags(cache)).hasSize(4).contains("latest"); // one RUN, Envbuilder's two COPY
            HandledPod probed = simulator.awaitHandled(create(privatePod("s-probe", PodRole.PROBE, url, cache)));
            assertThat(probed.log().lines()).contains(
                    "ENVBUILDER_CACHED_IMAGE=" + cache.reference() + "@" + lister.digestOf(cache, "latest"));

            Pod withoutSecret = create(EnvbuilderPodTemplate.of(ns(6), "s-missing", PodRole.BUILD,
                    url + "#refs/heads/main", cache.reference())
                    .fromSecret("ENVBUILDER_GIT_PASSWORD", "nope", "password").build());
            assertThat(simulator.awaitHandled(withoutSecret).phase()).isEqualTo("Pending");
            var waiting = client.pods().inNamespace(ns(6)).withName("s-missing").get().getStatus()
                    .getContainerStatuses().get(0).getState().getWaiting();
            assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
            assertThat(waiting.getMessage()).isEqualTo("secret \"nope\" not found");

            HandledPod denied = simulator.awaitHandled(create(EnvbuilderPodTemplate.of(ns(6), "s-denied",
                    PodRole.BUILD, url + "#refs/heads/main", cache.reference()).build()));
            assertThat(denied.log().lines()).contains("error: clone repository: authentication required");
        }
    }

    @Test
    void gitProxySettingSendsTheCloneThroughTheProxy() {
        String repoUrl = sampleRepository("proxied");
        try (LocalProxy proxy = LocalProxy.start()) {
            HandledPod built = simulator.awaitHandled(create(EnvbuilderPodTemplate.of(ns(7), "px-build",
                    PodRole.BUILD, repoUrl + "#refs/heads/main", registry.hostPort() + "/cache/proxied")
                    .literal("ENVBUILDER_GIT_HTTP_PROXY_URL", proxy.url()).build()));

            assertThat(built.succeeded()).as(built.log()).isTrue();
            assertThat(proxy.requests()).contains(
                    "GET " + repoUrl + "/info/refs?service=git-upload-pack HTTP/1.1",
                    "POST " + repoUrl + "/git-upload-pack HTTP/1.1");
        }
    }

    private static Pod privatePod(String name, PodRole role, String url, CacheRepository cache) {
        return EnvbuilderPodTemplate.of(ns(6), name, role, url + "#refs/heads/main", cache.reference())
                .fromSecret("ENVBUILDER_GIT_USERNAME", "git-creds", "username")
                .fromSecret("ENVBUILDER_GIT_PASSWORD", "git-creds", "password")
                .fromSecret("ENVBUILDER_DOCKER_CONFIG_BASE64", "docker-config", "config")
                .build();
    }

    private static String sampleRepository(String name) {
        String url = git.createRepository(name);
        git.commit(name, "main", Map.of(
                ".devcontainer/devcontainer.json", DEVCONTAINER_JSONC,
                ".devcontainer/Dockerfile", DOCKERFILE,
                "src/main.c", "int main(void) { return 0; }\n"));
        return url;
    }

    /** Namespaces of this class on the shared control plane. */
    private static String ns(int number) {
        return "kubelet-ns" + number;
    }

    private static Pod create(Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    private static void assertTerminated(String namespace, String name, String phase, int exitCode, String reason) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        assertThat(pod.getStatus().getPhase()).isEqualTo(phase);
        assertThat(pod.getStatus().getContainerStatuses()).hasSize(1);
        assertThat(pod.getStatus().getContainerStatuses().get(0).getName()).isEqualTo("envbuilder");
        ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState()
                .getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(exitCode);
        assertThat(terminated.getReason()).isEqualTo(reason);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
