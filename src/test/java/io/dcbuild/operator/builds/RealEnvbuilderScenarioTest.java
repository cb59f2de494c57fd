package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.HistoryEntry;
import io.dcbuild.operator.api.v1alpha1.NamespacedKeyReference;
import io.dcbuild.operator.api.v1alpha1.PolicyRegistryCredentials;
import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.runs.PodRole;
import io.dcbuild.operator.testing.BusyboxBaseImage;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.HandledPod;
import io.dcbuild.operator.testing.LocalProxy;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.TestCertificateAuthority;
import io.dcbuild.operator.testing.RealEnvbuilder;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator on the real API server with the <b>real</b> Envbuilder behind the sandbox kubelet (the kubelet itself is
 * simulated): probe, builder and verify pods run the binary built from {@code github.com/coder/envbuilder} v1.3.0 in
 * a throwaway root each ({@code ThrowawayRoot}), against the real registry and git server of the test. Base images
 * are made here (static busybox, pushed with Jib), so RUN steps really run. Skipped with the reason where the machine
 * cannot run it ({@code RealEnvbuilder.detect()}); with {@code DCBUILD_SANDBOX_ENVBUILDER=real} that is a failure.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RealEnvbuilderScenarioTest {

    static final String DEVCONTAINER_JSON = "{ \"build\": { \"dockerfile\": \"Dockerfile\" } }";
    static RealEnvbuilder.Availability availability;
    static LocalRegistry registry;
    static GitHttpServer git;
    static EnvbuilderKubeletSimulator kubelet;
    static CreatedPods createdPods;
    static TestNamespaces namespaces;
    static String base;
    static LocalRegistry privateRegistry;
    static TestCertificateAuthority ca;
    static GitHttpServer httpsGit;
    static LocalProxy proxy;
    static final String REGISTRY_PASSWORD = "real-registry-pass";
    static final String POLICY_NAMESPACE = "dcbuild-system";
    static final String POLICY_LABEL = "dcbuild.io/test-class";

    @BeforeEach
    void startSandbox() {
        if (availability == null) {
            availability = RealEnvbuilder.detect();
            System.out.println("RealEnvbuilderScenarioTest: " + availability.description());
            if (availability.required()) {
                assertThat(availability.envbuilder()).as(availability.description()).isPresent();
            }
        }
        assumeTrue(availability.envbuilder().isPresent(), "the real Envbuilder cannot run here: "
                + availability.description());
        if (registry == null) {
            registry = LocalRegistry.startDefault();
            git = GitHttpServer.start();
            base = BusyboxBaseImage.pushTo(registry, "base/busybox:1");
            privateRegistry = LocalRegistry.builder().basicAuth("ci", REGISTRY_PASSWORD).start();
            ca = TestCertificateAuthority.create();
            httpsGit = GitHttpServer.builder().https(ca).start();
            proxy = LocalProxy.start();
            kubelet = EnvbuilderKubeletSimulator.onNewNode(client(), 2)
                    .runningRealEnvbuilder(availability.envbuilder().get());
            createdPods = new CreatedPods(client());
            namespaces = new TestNamespaces(client());
        }
    }

    @AfterAll
    static void stopSandbox() {
        if (registry != null) {
            client().resources(DevContainerBuildPolicy.class).withLabel(POLICY_LABEL, "RealEnvbuilderScenarioTest")
                    .delete();
        }
        Fixtures.closeAll(namespaces, createdPods, kubelet, proxy, httpsGit, ca, privateRegistry, git, registry);
        registry = null;
        OperatorOnControlPlane.assertOperatorWasNeverForbidden();
    }

    @Test
    void aRealBuildIsRecordedWithTheDigestItPushedAndTheSameCommitElsewhereIsAHitOfTheRealProbe() {
        String ns = namespaces.create("real");
        String commit = repository(ns, """
                FROM %s
                RUN echo built by the real envbuilder > /greeting.txt
                RUN test -s /greeting.txt
                """.formatted(base));
        String cacheRepo = registry.hostPort() + "/shared/" + ns;
        create(DevContainerBuildScenarioTest.build(ns, "app", git.url(ns), "main", cacheRepo));

        DevContainerBuild ready = awaitPhase(ns, "app", BuildPhase.Ready, Duration.ofMinutes(3));

        String latest = registry.manifestDigest("shared/" + ns, "latest").orElseThrow();
        assertThat(ready.getStatus().getImage()).isEqualTo(cacheRepo + "@" + latest);
        assertThat(ready.getStatus().getCommit()).isEqualTo(commit);
        assertThat(ready.getStatus().getCacheHit()).isFalse();
        assertThat(createdPods.in(ns, PodRole.BUILD)).hasSize(1);
        HandledPod builder = kubelet.handledPods().stream()
                .filter(pod -> pod.namespace().equals(ns) && pod.role() == io.dcbuild.operator.testing.PodRole.BUILD)
                .findFirst().orElseThrow();
        assertThat(builder.log()).as("the real binary ran the RUN steps")
                .contains("envbuilder\u001B[22m v1.3.0")
                .contains("Running: [/bin/sh -c echo built by the real envbuilder > /greeting.txt]")
                .contains("Running: [/bin/sh -c test -s /greeting.txt]");

        // another namespace, same repository content and cache repository: same cache key, no recorded image there,
        // so its run asks the real probe, which finds what the first builder pushed
        String other = namespaces.create("real-hit");
        git.createRepository(other);
        git.commit(other, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", dockerfileOf(ns)));
        create(DevContainerBuildScenarioTest.build(other, "app", git.url(other), "main", cacheRepo));

        DevContainerBuild hit = awaitPhase(other, "app", BuildPhase.Ready, Duration.ofMinutes(2));

        assertThat(hit.getStatus().getImage()).isEqualTo(ready.getStatus().getImage());
        assertThat(hit.getStatus().getCacheHit()).isTrue();
        assertThat(createdPods.in(other, PodRole.BUILD)).as("no builder pod: the real probe found it").isEmpty();
        assertThat(kubelet.handledPods()).filteredOn(pod -> pod.namespace().equals(other))
                .singleElement().satisfies(probe -> assertThat(probe.log())
                        .contains("ENVBUILDER_CACHED_IMAGE=" + cacheRepo + "@" + latest));
    }

    @Test
    void aRunStepThatFailsFailsTheBuildWithEnvbuildersErrorLineAndNoStackTrace() {
        String ns = namespaces.create("real-fail");
        repository(ns, """
                FROM %s
                RUN echo about to fail && exit 3
                """.formatted(base));
        create(DevContainerBuildScenarioTest.build(ns, "fails", git.url(ns), "main",
                registry.hostPort() + "/" + ns + "/cache"));

        DevContainerBuild failed = awaitPhase(ns, "fails", BuildPhase.Failed, Duration.ofMinutes(3));

        Condition ready = condition(failed, "Ready");
        assertThat(ready.getReason()).isEqualTo("BuildFailed");
        assertThat(ready.getMessage()).contains("its log ends with:")
                .endsWith("error: do build: error building stage: failed to execute command: waiting for process to "
                        + "exit: exit status 3")
                .doesNotContain("\u001B[").doesNotContain("runtime.goexit");
        assertThat(registry.manifestDigest(ns + "/cache", "latest")).isEmpty();
    }

    /**
     * A commit pushed while the builder pod runs: the builder clones the new tip (Envbuilder clones a ref, never a
     * commit), so its image must never be recorded under the commit the run started with. Every status the build
     * ever had is watched.
     */
    @Test
    void aCommitPushedWhileTheBuilderRunsIsNeverCreditedWithItsImage() {
        String ns = namespaces.create("real-race");
        String first = repository(ns, """
                FROM %s
                RUN echo first > /which.txt
                """.formatted(base));
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<DevContainerBuild> statuses = client().resources(DevContainerBuild.class).inNamespace(ns)
                .inform(new ResourceEventHandler<>() {
                    public void onAdd(DevContainerBuild build) {
                        note(build);
                    }

                    public void onUpdate(DevContainerBuild before, DevContainerBuild build) {
                        note(build);
                    }

                    public void onDelete(DevContainerBuild build, boolean unknown) {
                    }

                    private void note(DevContainerBuild build) {
                        if (build.getStatus() != null) {
                            seen.add(build.getStatus().getCommit() + " " + build.getStatus().getImage());
                        }
                    }
                }, 0);
        kubelet.holdBuilds();
        String second;
        try {
            create(DevContainerBuildScenarioTest.build(ns, "race", git.url(ns), "main",
                    registry.hostPort() + "/" + ns + "/cache"));
            await("the builder pod held").atMost(Duration.ofMinutes(2))
                    .until(() -> kubelet.heldBuildPods().stream().anyMatch(pod -> pod.startsWith(ns + "/")));
            second = git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                    ".devcontainer/Dockerfile", dockerfileOf(ns).replace("first", "second")), "pushed meanwhile");
        } finally {
            kubelet.releaseBuilds();
        }

        DevContainerBuild ready = await("the build Ready for the commit pushed meanwhile").atMost(Duration.ofMinutes(4))
                .until(() -> get(ns, "race"), b -> b != null && b.getStatus() != null
                        && b.getStatus().getPhase() == BuildPhase.Ready && second.equals(b.getStatus().getCommit()));
        statuses.close();

        String built = ready.getStatus().getImage();
        assertThat(built).isEqualTo(registry.hostPort() + "/" + ns + "/cache@"
                + registry.manifestDigest(ns + "/cache", "latest").orElseThrow());
        assertThat(seen).as("no status ever named the first commit with an image").noneMatch(status ->
                status.startsWith(first + " ") && !status.endsWith(" null"));
        assertThat(ready.getStatus().getHistory()).extracting(HistoryEntry::getCommit).containsOnly(second);
        DevContainerBuildRun firstRun = client().resources(DevContainerBuildRun.class).inNamespace(ns).list()
                .getItems().stream().filter(run -> run.getSpec().getCommit().equals(first)).findFirst().orElseThrow();
        assertThat(firstRun.getMetadata().getAnnotations())
                .containsEntry(DevContainerBuildRun.SOURCE_MOVED_ANNOTATION, second);
        assertThat(createdPods.in(ns, PodRole.BUILD)).as("one builder pod: the image of the new commit was built "
                + "once and found by the probe of its own run").hasSize(1);
    }

    /**
     * A policy proxy: the real Envbuilder clones through it (go-git with ENVBUILDER_GIT_HTTP_PROXY_URL), as the git
     * server sees from the proxy's Via header on go-git's requests. Registry traffic to loopback goes direct (Go's
     * proxy rules never proxy loopback addresses).
     */
    @Test
    void theRealEnvbuilderClonesThroughThePolicyProxy() {
        String ns = governedNamespace("real-proxy");
        DevContainerBuildPolicy policy = policy(ns);
        ProxySpec proxySpec = new ProxySpec();
        proxySpec.setHttpProxy(proxy.url());
        proxySpec.setHttpsProxy(proxy.url());
        policy.getSpec().setProxy(proxySpec);
        client().resource(policy).create();
        repository(ns, "FROM %s\nRUN echo proxied > /proxied.txt\n".formatted(base));
        create(DevContainerBuildScenarioTest.build(ns, "app", git.url(ns), "main",
                registry.hostPort() + "/" + ns + "/cache"));

        DevContainerBuild ready = awaitPhase(ns, "app", BuildPhase.Ready, Duration.ofMinutes(3));

        assertThat(ready.getStatus().getImage()).startsWith(registry.hostPort() + "/" + ns + "/cache@sha256:");
        assertThat(git.clientRequests()).as("Envbuilder's clones of the repository, through the proxy")
                .filteredOn(request -> request.line().contains("/" + ns + ".git/")
                        && request.userAgent().startsWith("go-git"))
                .isNotEmpty().allSatisfy(request -> assertThat(request.via()).as(request.line())
                        .hasValueSatisfying(via -> assertThat(via).contains("tinyproxy")));
        assertThat(proxy.requests()).anyMatch(line -> line.contains(git.url(ns) + "/info/refs"));
    }

    /** The policy's registry credentials reach the real Envbuilder: it pushes to a registry with htpasswd. */
    @Test
    void theRealEnvbuilderPushesToARegistryWithHtpasswdWithThePolicyCredentials() {
        String ns = governedNamespace("real-creds");
        client().secrets().inNamespace(POLICY_NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("registry-" + ns).endMetadata().withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", b64("{\"auths\":{\"" + privateRegistry.hostPort()
                        + "\":{\"auth\":\"" + b64("ci:" + REGISTRY_PASSWORD) + "\"}}}"))).build()).create();
        DevContainerBuildPolicy policy = policy(ns);
        NamespacedKeyReference secretRef = new NamespacedKeyReference();
        secretRef.setKind("Secret");
        secretRef.setNamespace(POLICY_NAMESPACE);
        secretRef.setName("registry-" + ns);
        PolicyRegistryCredentials credentials = new PolicyRegistryCredentials();
        credentials.setSecretRef(secretRef);
        policy.getSpec().setRegistryCredentials(credentials);
        client().resource(policy).create();
        repository(ns, "FROM %s\nRUN echo private > /private.txt\n".formatted(base));
        create(DevContainerBuildScenarioTest.build(ns, "app", git.url(ns), "main",
                privateRegistry.hostPort() + "/" + ns + "/cache"));

        DevContainerBuild ready = awaitPhase(ns, "app", BuildPhase.Ready, Duration.ofMinutes(3));

        assertThat(ready.getStatus().getImage()).startsWith(privateRegistry.hostPort() + "/" + ns + "/cache@sha256:");
        assertThat(kubelet.handledPods()).filteredOn(pod -> pod.namespace().equals(ns))
                .allSatisfy(pod -> assertThat(pod.log()).doesNotContain(REGISTRY_PASSWORD)
                        .doesNotContain(b64("ci:" + REGISTRY_PASSWORD)));
    }

    /** The policy's CA bundle reaches the real Envbuilder (ENVBUILDER_SSL_CERT_BASE64): it clones over HTTPS. */
    @Test
    void theRealEnvbuilderClonesOverHttpsTrustingThePolicyCa() {
        String ns = governedNamespace("real-tls");
        client().configMaps().inNamespace(POLICY_NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("company-ca-" + ns).endMetadata().addToData("ca.crt", ca.caCertificatePem()).build())
                .create();
        DevContainerBuildPolicy policy = policy(ns);
        NamespacedKeyReference caRef = new NamespacedKeyReference();
        caRef.setNamespace(POLICY_NAMESPACE);
        caRef.setName("company-ca-" + ns);
        policy.getSpec().setCaBundle(caRef);
        client().resource(policy).create();
        httpsGit.createRepository(ns);
        String commit = httpsGit.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", "FROM %s\nRUN echo tls > /tls.txt\n".formatted(base)));
        create(DevContainerBuildScenarioTest.build(ns, "app", httpsGit.url(ns), "main",
                registry.hostPort() + "/" + ns + "/cache"));

        DevContainerBuild ready = awaitPhase(ns, "app", BuildPhase.Ready, Duration.ofMinutes(3));

        assertThat(ready.getStatus().getCommit()).isEqualTo(commit);
        assertThat(httpsGit.clientRequests()).as("the real Envbuilder's clones over HTTPS")
                .anyMatch(request -> request.line().contains("/" + ns + ".git/")
                        && request.userAgent().startsWith("go-git"));
    }

    // ---- fixtures -----------------------------------------------------------------------------------------------

    private static String governedNamespace(String prefix) {
        String ns = prefix + "-" + System.nanoTime() % 100_000;
        namespaces.create(ns, Map.of("dcbuild.io/team", ns));
        return ns;
    }

    private static DevContainerBuildPolicy policy(String namespace) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName("real-" + namespace);
        policy.getMetadata().setLabels(Map.of(POLICY_LABEL, "RealEnvbuilderScenarioTest"));
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("dcbuild.io/team", namespace).build());
        policy.setSpec(spec);
        return policy;
    }

    private static String b64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }

    private static String repository(String name, String dockerfile) {
        git.createRepository(name);
        return git.commit(name, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", dockerfile));
    }

    private static String dockerfileOf(String repository) {
        try {
            var repo = git.repository(repository);
            var commit = repo.parseCommit(repo.resolve("refs/heads/main"));
            try (var walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, ".devcontainer/Dockerfile",
                    commit.getTree())) {
                return new String(repo.open(walk.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void create(DevContainerBuild build) {
        client().resources(DevContainerBuild.class).inNamespace(build.getMetadata().getNamespace())
                .resource(build).create();
    }

    private static DevContainerBuild get(String ns, String name) {
        return client().resources(DevContainerBuild.class).inNamespace(ns).withName(name).get();
    }

    /** Waits for {@code phase}; a build that ends in another terminal phase fails at once, saying why. */
    private static DevContainerBuild awaitPhase(String ns, String name, BuildPhase phase, Duration atMost) {
        DevContainerBuild settled = await("build " + ns + "/" + name + " reaching " + phase).atMost(atMost)
                .until(() -> get(ns, name), b -> b != null && b.getStatus() != null
                        && (b.getStatus().getPhase() == phase || b.getStatus().getPhase() != null
                                && b.getStatus().getPhase().isTerminal()
                                && b.getMetadata().getGeneration().equals(b.getStatus().getObservedGeneration())));
        assertThat(settled.getStatus().getPhase()).as("build %s/%s: %s", ns, name,
                settled.getStatus().getConditions()).isEqualTo(phase);
        return settled;
    }

    private static Condition condition(DevContainerBuild build, String type) {
        return build.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in "
                        + build.getStatus().getConditions()));
    }
}
