package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.PrioritizedReconcileExecutor;
import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.api.v1alpha1.HistoryEntry;
import io.dcbuild.operator.api.v1alpha1.RunPhase;
import io.dcbuild.operator.api.v1alpha1.SecretReference;
import io.dcbuild.operator.runs.PodRole;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DevContainerBuilds reconciled by the operator on the real API server (etcd, kube-apiserver with RBAC,
 * kube-controller-manager's garbage collector), the operator holding only the shipped ServiceAccount's rights, with a
 * simulated kubelet playing Envbuilder against a real registry (Debian's docker-registry) and real git repositories
 * served over smart HTTP. Each test works in its own namespace.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DevContainerBuildScenarioTest {

    static final String DEVCONTAINER_JSON = """
            {
              // a comment, as devcontainer.json allows
              "name": "sample",
              "build": { "dockerfile": "Dockerfile", },
            }
            """;
    static final String DOCKERFILE = """
            FROM mcr.microsoft.com/devcontainers/base:bookworm
            RUN apt-get update && apt-get install -y jq
            RUN echo ready > /etc/sample
            """;

    static LocalRegistry registry;
    static GitHttpServer git;
    static GitHttpServer privateGit;
    static EnvbuilderKubeletSimulator kubelet;
    static CreatedPods createdPods;
    static TestNamespaces namespaces;


    @BeforeEach
    void startSandbox() {
        if (registry == null) {
            registry = LocalRegistry.startDefault();
            git = GitHttpServer.start();
            privateGit = GitHttpServer.builder().basicAuth("dev", "s3cret-git-token").start();
            kubelet = EnvbuilderKubeletSimulator.onNewNode(client());
            createdPods = new CreatedPods(client());
            namespaces = new TestNamespaces(client());
        }
    }

    @AfterAll
    static void stopSandbox() {
        Fixtures.closeAll(namespaces, createdPods, kubelet, privateGit, git, registry);
        registry = null;
        OperatorOnControlPlane.assertOperatorWasNeverForbidden();
    }

    @Inject
    Operator operator;

    @Test
    void reconcilesShareThePoolThatPutsRunsFirst() {
        assertThat(operator.getConfigurationService().getExecutorService())
                .isInstanceOf(PrioritizedReconcileExecutor.class);
    }

    @Test
    void cacheMissBuildsPushesAndRecordsTheDigestOfLatest() throws Exception {
        String ns = namespace();
        String commit = newRepo(ns, DOCKERFILE);
        create(build(ns, "app", git.url(ns), "main", cacheRepo(ns)));

        DevContainerBuild ready = awaitPhase(ns, "app", BuildPhase.Ready);

        String latestDigest = manifestDigest(ns + "/cache", "latest").orElseThrow();
        assertThat(ready.getStatus().getImage()).isEqualTo(cacheRepo(ns) + "@" + latestDigest);
        assertThat(ready.getStatus().getCacheHit()).isFalse();
        assertThat(ready.getStatus().getCommit()).isEqualTo(commit);
        assertThat(ready.getStatus().getCacheKey()).matches("[0-9a-f]{64}");
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
        assertThat(condition(ready, "Ready")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Built");
        });
        assertThat(condition(ready, "Stalled").getStatus()).isEqualTo("False");
        assertThat(ready.getStatus().getHistory()).singleElement()
                .satisfies(h -> assertThat(h.getImage()).isEqualTo(ready.getStatus().getImage()));

        assertThat(createdPods.in(ns, PodRole.PROBE)).hasSize(1);
        assertThat(createdPods.in(ns, PodRole.VERIFY)).hasSize(1);
        Pod builder = createdPods.in(ns, PodRole.BUILD).get(0);
        Map<String, String> env = literalEnv(builder);
        assertThat(env).containsEntry("ENVBUILDER_PUSH_IMAGE", "true")
                .containsEntry("ENVBUILDER_EXIT_ON_BUILD_FAILURE", "true")
                .containsEntry("ENVBUILDER_EXIT_ON_PUSH_FAILURE", "true")
                .containsEntry("ENVBUILDER_CACHE_REPO", cacheRepo(ns))
                .containsEntry("ENVBUILDER_GIT_URL", git.url(ns) + "#refs/heads/main");
        assertThat(literalEnv(createdPods.in(ns, PodRole.PROBE).get(0)))
                .containsEntry("ENVBUILDER_GET_CACHED_IMAGE", "true")
                .doesNotContainKey("ENVBUILDER_PUSH_IMAGE");
        DevContainerBuildRun run = client().resources(DevContainerBuildRun.class).inNamespace(ns)
                .withName(ready.getStatus().getRun()).get();
        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(run.getStatus().getImage()).isEqualTo(ready.getStatus().getImage());
        assertThat(run.getSpec().getCommit()).isEqualTo(commit);
        assertThat(builder.getMetadata().getOwnerReferences()).as("the run alone writes its pods").singleElement()
                .satisfies(o -> {
                    assertThat(o.getUid()).isEqualTo(run.getMetadata().getUid());
                    assertThat(o.getController()).isTrue();
                });
        // finished pods are deleted once their result is recorded
        await().atMost(Duration.ofSeconds(20)).until(() -> client().pods().inNamespace(ns).list().getItems().isEmpty());
    }

    @Test
    void secondBuildOfARecordedCommitIsReadyWithoutAnyPodAndAnUnrecordedOneAsksTheCache() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        create(build(ns, "first", git.url(ns), "main", cacheRepo(ns)));
        DevContainerBuild first = awaitPhase(ns, "first", BuildPhase.Ready);
        int podsAfterFirst = createdPods.in(ns).size();

        // the namespace has recorded this cache key's image: one manifest HEAD, no pod
        create(build(ns, "second", git.url(ns), "main", cacheRepo(ns)));
        DevContainerBuild second = awaitPhase(ns, "second", BuildPhase.Ready);

        assertThat(second.getStatus().getCacheHit()).isTrue();
        assertThat(second.getStatus().getImage()).isEqualTo(first.getStatus().getImage());
        assertThat(second.getStatus().getBuilderPod()).isNull();
        assertThat(second.getStatus().getReferences()).as("what the first build's preflight found at this commit")
                .isNotEmpty().usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(first.getStatus().getReferences());
        assertThat(condition(second, "Ready").getReason()).isEqualTo("CacheHit");
        assertThat(createdPods.in(ns)).as("pods of " + ns).hasSize(podsAfterFirst);

        // with no build recording it any more, the run of the key is the record: one manifest HEAD, still no pod
        client().resources(DevContainerBuild.class).inNamespace(ns).delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client().resources(DevContainerBuild.class).inNamespace(ns).list().getItems().isEmpty());
        create(build(ns, "third", git.url(ns), "main", cacheRepo(ns)));
        DevContainerBuild third = awaitPhase(ns, "third", BuildPhase.Ready);

        assertThat(third.getStatus().getCacheHit()).isTrue();
        assertThat(third.getStatus().getImage()).isEqualTo(first.getStatus().getImage());
        assertThat(third.getStatus().getRun()).isEqualTo(first.getStatus().getRun());
        assertThat(condition(third, "Ready").getReason()).isEqualTo("CacheHit");
        assertThat(condition(third, "Ready").getMessage()).contains("recorded by run " + first.getStatus().getRun());
        assertThat(createdPods.in(ns)).as("pods of " + ns).hasSize(podsAfterFirst);
        assertThat(createdPods.in(ns, PodRole.BUILD)).singleElement()
                .satisfies(p -> assertThat(p.getMetadata().getLabels()).containsEntry("dcbuild.io/build", "first"));
    }

    @Test
    void failedBuildReportsTheLogTailAndIsNotRetried() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        kubelet.failBuilds(pod -> pod.getMetadata().getNamespace().equals(ns),
                "error: build image: RUN apt-get install: exit status 100");
        create(build(ns, "broken", git.url(ns), "main", cacheRepo(ns)));

        DevContainerBuild failed = awaitPhase(ns, "broken", BuildPhase.Failed);

        Condition ready = condition(failed, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("BuildFailed");
        assertThat(ready.getMessage()).contains("exit status 100").contains(failed.getStatus().getBuilderPod());
        assertThat(condition(failed, "Stalled").getStatus()).isEqualTo("True");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> createdPods.in(ns, PodRole.BUILD).size() == 1
                        && phaseOf(ns, "broken") == BuildPhase.Failed);
        // the failed builder pod is kept for debugging
        assertThat(client().pods().inNamespace(ns).withName(failed.getStatus().getBuilderPod()).get()).isNotNull();
    }

    @Test
    void newCommitOnTheBranchStartsANewBuildAndKeepsHistory() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        DevContainerBuild build = build(ns, "moving", git.url(ns), "main", cacheRepo(ns));
        build.getSpec().setPollInterval("10s");
        create(build);
        DevContainerBuild first = awaitPhase(ns, "moving", BuildPhase.Ready);

        String second = git.commit(ns, "main", Map.of(".devcontainer/Dockerfile", DOCKERFILE + "RUN echo v2\n"));

        DevContainerBuild rebuilt = await().atMost(Duration.ofSeconds(60)).until(() -> get(ns, "moving"),
                b -> second.equals(b.getStatus().getCommit()) && b.getStatus().getPhase() == BuildPhase.Ready);
        assertThat(rebuilt.getStatus().getImage()).isNotEqualTo(first.getStatus().getImage());
        assertThat(rebuilt.getStatus().getHistory()).extracting(HistoryEntry::getImage)
                .containsExactly(rebuilt.getStatus().getImage(), first.getStatus().getImage());
        assertThat(rebuilt.getStatus().getHistory().get(1).getCommit()).isEqualTo(first.getStatus().getCommit());
    }

    @Test
    void pollsThatFindTheSameCommitWriteNothing() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        DevContainerBuild build = build(ns, "steady", git.url(ns), "main", cacheRepo(ns));
        build.getSpec().setPollInterval("10s");
        create(build);
        DevContainerBuild ready = awaitPhase(ns, "steady", BuildPhase.Ready);
        long pollsBefore = refListings(ns);

        // two more polls: the first one's outcome is certainly recorded (or not) once the second asks
        await().atMost(Duration.ofSeconds(60)).until(() -> refListings(ns) >= pollsBefore + 2);

        DevContainerBuild after = get(ns, "steady");
        assertThat(after.getMetadata().getResourceVersion()).as("resourceVersion after two polls of the same commit")
                .isEqualTo(ready.getMetadata().getResourceVersion());
        assertThat(after.getStatus().getCommit()).isEqualTo(ready.getStatus().getCommit());
    }

    /** How often the git server was asked for the refs of repository {@code name}. */
    private static long refListings(String name) {
        return git.requests().stream().filter(r -> r.contains("/" + name + ".git/info/refs")).count();
    }

    @Test
    void tenIdenticalBuildsShareOneBuilderPod() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        kubelet.holdBuilds();
        try {
            IntStream.range(0, 10).forEach(i -> create(build(ns, "twin-" + i, git.url(ns), "main", cacheRepo(ns))));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(IntStream.range(0, 10)
                    .mapToObj(i -> phaseOf(ns, "twin-" + i))).as("phases of the ten builds").containsOnly(BuildPhase.Building));
        } finally {
            kubelet.releaseBuilds();
        }
        List<String> images = IntStream.range(0, 10)
                .mapToObj(i -> awaitPhase(ns, "twin-" + i, BuildPhase.Ready)
                        .getStatus().getImage())
                .distinct().toList();
        assertThat(images).singleElement().asString().startsWith(cacheRepo(ns) + "@sha256:");
        assertThat(createdPods.in(ns, PodRole.BUILD)).hasSize(1);
        assertThat(kubelet.handledPods()).as("build pods the simulated kubelet ran in " + ns)
                .filteredOn(p -> p.namespace().equals(ns) && p.role() == io.dcbuild.operator.testing.PodRole.BUILD)
                .hasSize(1);
    }

    @Test
    void hundredIdenticalBuildsCreatedAtOnceFollowOneRunWithOnePodPerStep() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        List<String> names = IntStream.range(0, 100).mapToObj(i -> "same-" + i).toList();
        names.parallelStream().forEach(name -> create(build(ns, name, git.url(ns), "main", cacheRepo(ns))));

        List<DevContainerBuild> ready = names.stream()
                .map(name -> awaitPhase(ns, name, BuildPhase.Ready, Duration.ofMinutes(4))).toList();

        String latest = cacheRepo(ns) + "@" + manifestDigest(ns + "/cache", "latest").orElseThrow();
        assertThat(ready).extracting(b -> b.getStatus().getImage()).containsOnly(latest);
        List<DevContainerBuildRun> runs = client().resources(DevContainerBuildRun.class).inNamespace(ns).list()
                .getItems();
        assertThat(runs).singleElement().satisfies(run -> assertThat(run.getStatus().getImage()).isEqualTo(latest));
        assertThat(ready).extracting(b -> b.getStatus().getRun()).filteredOn(java.util.Objects::nonNull)
                .containsOnly(runs.get(0).getMetadata().getName());
        for (PodRole role : PodRole.values()) {
            assertThat(createdPods.in(ns, role)).as(role + " pods in " + ns).hasSize(1);
        }
    }

    @Test
    void invalidSpecsStallWithAMessageAndStartNoPod() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        privateGit.createRepository(ns);
        privateGit.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", DOCKERFILE));
        client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("wrong-git")
                .endMetadata().withType("kubernetes.io/basic-auth")
                .withData(Map.of("username", b64("dev"), "password", b64("not-the-token"))).build()).create();

        // what the CRD schema can say is refused by the API server itself, before the operator sees anything
        assertThatThrownBy(() -> create(build(ns, "bad-url", "ftp://example.com/repo.git", "main", cacheRepo(ns))))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining("spec.source.url");
        DevContainerBuild noCache = build(ns, "no-cache", git.url(ns), "main", cacheRepo(ns));
        noCache.getSpec().setCache(null);
        create(noCache);
        create(build(ns, "unknown-ref", git.url(ns), "no-such-branch", cacheRepo(ns)));
        DevContainerBuild wrongCredentials = build(ns, "wrong-credentials", privateGit.url(ns), "main", cacheRepo(ns));
        wrongCredentials.getSpec().getSource().setCredentialsSecretRef(new SecretReference("wrong-git"));
        create(wrongCredentials);

        assertStalled(ns, "no-cache", "InvalidSpec", "spec.cache.repo is required");
        assertStalled(ns, "unknown-ref", "GitRefNotFound", "no-such-branch");
        assertStalled(ns, "wrong-credentials", "GitAuthenticationFailed", "credentials");
        assertThat(get(ns, "wrong-credentials").getStatus().getConditions().toString()).doesNotContain("not-the-token");
        assertThat(createdPods.in(ns)).isEmpty();
    }

    @Test
    void privateRepositoryIsReadWithCredentialsFromASecret() {
        String ns = namespace();
        String commit = devcontainerRepository(privateGit, ns, DOCKERFILE);
        client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("git")
                .endMetadata().withType("kubernetes.io/basic-auth")
                .withData(Map.of("username", b64("dev"), "password", b64("s3cret-git-token"))).build()).create();
        DevContainerBuild build = build(ns, "private", privateGit.url(ns), "main", cacheRepo(ns));
        build.getSpec().getSource().setCredentialsSecretRef(new SecretReference("git"));
        create(build);

        DevContainerBuild ready = awaitPhase(ns, "private", BuildPhase.Ready);

        assertThat(ready.getStatus().getCommit()).isEqualTo(commit);
        for (Pod pod : createdPods.in(ns)) {
            assertThat(client().getKubernetesSerialization().asJson(pod.getSpec())).doesNotContain("s3cret-git-token");
            EnvVar password = pod.getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("ENVBUILDER_GIT_PASSWORD")).findFirst().orElseThrow();
            assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("git");
        }
    }

    @Test
    void aSecretCreatedOrFixedLaterUnblocksItsBuildAtOnceNotAtTheNextPoll() {
        String ns = namespace();
        String commit = devcontainerRepository(privateGit, ns, DOCKERFILE);
        DevContainerBuild build = build(ns, "late-secret", privateGit.url(ns), "main", cacheRepo(ns));
        build.getSpec().getSource().setCredentialsSecretRef(new SecretReference("git-late"));
        build.getSpec().setPollInterval("1h"); // only the Secret's watch can bring it back within the test
        create(build);
        assertStalled(ns, "late-secret", "SecretNotFound", "git-late");

        client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("git-late")
                .endMetadata().withType("kubernetes.io/basic-auth")
                .withData(Map.of("username", b64("dev"), "password", b64("a-wrong-token"))).build()).create();
        await("the created Secret's wrong password reported").atMost(Duration.ofSeconds(30))
                .until(() -> stalledReason(ns, "late-secret"), "GitAuthenticationFailed"::equals);

        client().secrets().inNamespace(ns).withName("git-late").edit(secret -> new SecretBuilder(secret)
                .withData(Map.of("username", b64("dev"), "password", b64("s3cret-git-token"))).build());
        DevContainerBuild ready = awaitPhase(ns, "late-secret", BuildPhase.Ready, Duration.ofSeconds(60));

        assertThat(ready.getStatus().getCommit()).isEqualTo(commit);
    }

    private String stalledReason(String ns, String name) {
        DevContainerBuild build = get(ns, name);
        return build == null || build.getStatus() == null ? null : build.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Stalled") && c.getStatus().equals("True"))
                .map(Condition::getReason).findFirst().orElse(null);
    }

    @Test
    void deletingABuildLetsTheGarbageCollectorRemoveItsDerivedSecretWhileItsRunKeepsTheFailedPod() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        client().secrets().inNamespace(ns).resource(dockerConfigSecret("regcred")).create();
        kubelet.failBuilds(pod -> pod.getMetadata().getNamespace().equals(ns), "error: push: denied");
        DevContainerBuild build = build(ns, "doomed", git.url(ns), "main", cacheRepo(ns));
        build.getSpec().setRegistryCredentialsSecretRef(new SecretReference("regcred"));
        create(build);
        DevContainerBuild failed = awaitPhase(ns, "doomed", BuildPhase.Failed);
        DevContainerBuildRun run = client().resources(DevContainerBuildRun.class).inNamespace(ns)
                .withName(failed.getStatus().getRun()).get();
        Pod kept = client().pods().inNamespace(ns).withName(failed.getStatus().getBuilderPod()).get();
        Secret derived = client().secrets().inNamespace(ns).withName("doomed-registry-config").get();
        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(run.getStatus().getReason()).isEqualTo("BuildFailed");
        assertThat(run.getStatus().getPod()).isEqualTo(kept.getMetadata().getName());
        assertThat(run.getStatus().toString()).as("the run keeps no log").doesNotContain("push: denied");
        assertThat(kept.getMetadata().getOwnerReferences()).singleElement().satisfies(o ->
                assertThat(o.getUid()).isEqualTo(run.getMetadata().getUid()));
        assertThat(derived.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getUid()).isEqualTo(failed.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        assertThat(literalEnv(kept)).doesNotContainKey("ENVBUILDER_DOCKER_CONFIG_BASE64");
        assertThat(failed.getMetadata().getFinalizers()).as("deletion never waits for the operator").isEmpty();

        // the operator deletes nothing here: kube-controller-manager's garbage collector follows the owner references
        client().resources(DevContainerBuild.class).inNamespace(ns).withName("doomed").delete();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client().resources(DevContainerBuild.class).inNamespace(ns).withName("doomed").get()).isNull();
            assertThat(client().secrets().inNamespace(ns).withName("doomed-registry-config").get()).isNull();
        });
        assertThat(client().secrets().inNamespace(ns).withName("regcred").get()).as("the user's Secret stays").isNotNull();
        assertThat(client().pods().inNamespace(ns).withName(kept.getMetadata().getName()).get())
                .as("the failed pod stays with its run, the record of the key, until the run's retention ends")
                .isNotNull();
    }

    /**
     * The builder pod's failure is injected into the simulated Envbuilder: the line a real Envbuilder prints when
     * the registry refuses connections (go-containerregistry's push through Go's dialer).
     */
    @Test
    void aBuilderPodThatCannotReachTheRegistryIsTriedAgainAndTheBuildHealsWhenItIsBack() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        kubelet.failBuilds(pod -> pod.getMetadata().getNamespace().equals(ns), "error: push cache layer: Put \"http://"
                + registry.hostPort() + "/v2/" + ns + "/cache/blobs/uploads/\": dial tcp " + registry.hostPort()
                + ": connect: connection refused");
        create(build(ns, "outage", git.url(ns), "main", cacheRepo(ns)));

        DevContainerBuild waiting = await("the build says the step is tried again").atMost(Duration.ofSeconds(60))
                .until(() -> get(ns, "outage"), b -> b != null && b.getStatus() != null
                        && condition(b, "Ready").getMessage().contains("could not reach a server it needs"));
        assertThat(waiting.getStatus().getPhase()).isEqualTo(BuildPhase.Building);
        assertThat(condition(waiting, "Ready").getMessage()).contains("connection refused", "attempt 2");
        kubelet.stopFailingBuilds(); // the registry is back

        DevContainerBuild ready = awaitPhase(ns, "outage", BuildPhase.Ready, Duration.ofSeconds(90));

        DevContainerBuildRun run = client().resources(DevContainerBuildRun.class).inNamespace(ns)
                .withName(ready.getStatus().getRun()).get();
        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(run.getStatus().toString()).as("the run keeps no log").doesNotContain("dial tcp");
        assertThat(createdPods.in(ns)).extracting(pod -> pod.getMetadata().getName())
                .contains(run.getMetadata().getName() + "-build", run.getMetadata().getName() + "-build-2");
        assertThat(ready.getStatus().getImage()).startsWith(cacheRepo(ns) + "@sha256:");
    }

    private static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

    /**
     * A namespace whose Pod Security level is {@code restricted}: the real API server refuses the probe pod
     * (Envbuilder runs as root), as a ResourceQuota or a webhook may. The build says so in the server's words and the
     * step is tried again with backoff; once the namespace admits the pod the build goes on by itself.
     */
    @Test
    void aPodTheApiServerRefusesIsReportedAndTriedAgainUntilItIsAdmitted() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        client().namespaces().withName(ns).edit(namespace -> new NamespaceBuilder(namespace).editMetadata()
                .addToLabels(POD_SECURITY_ENFORCE, "restricted").endMetadata().build());
        create(build(ns, "admission", git.url(ns), "main", cacheRepo(ns)));

        DevContainerBuild refused = await("the build says the pod was refused").atMost(Duration.ofSeconds(60))
                .until(() -> get(ns, "admission"), b -> b != null && b.getStatus() != null
                        && condition(b, "Ready").getMessage().contains("the API server refused pod"));
        assertThat(refused.getStatus().getPhase()).isEqualTo(BuildPhase.Probing);
        assertThat(condition(refused, "Ready").getMessage()).as("the server's words, and the next attempt")
                .contains("violates PodSecurity \"restricted", "the probe step starts again at", "attempt 2");
        assertThat(createdPods.in(ns)).as("pods in " + ns).isEmpty();
        client().namespaces().withName(ns).edit(namespace -> new NamespaceBuilder(namespace).editMetadata()
                .removeFromLabels(POD_SECURITY_ENFORCE).endMetadata().build());

        DevContainerBuild ready = awaitPhase(ns, "admission", BuildPhase.Ready, Duration.ofSeconds(120));

        assertThat(ready.getStatus().getImage()).startsWith(cacheRepo(ns) + "@sha256:");
    }

    /**
     * The real registry is stopped right before the builder pod runs (the probe found nothing), so its push is
     * refused, and started again: the builder step is tried again and the build heals, never Failed.
     */
    @Test
    void aRegistryDownWhileTheBuilderPushesIsWaitedForAndTheBuildHealsWhenItIsBack() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        DevContainerBuild waiting = createWithTheRegistryDownAt(io.dcbuild.operator.testing.PodRole.BUILD, ns,
                "push-down");
        assertThat(waiting.getStatus().getPhase()).as("a push the registry refused is not a failed build")
                .isEqualTo(BuildPhase.Building);

        DevContainerBuild ready = awaitPhase(ns, "push-down", BuildPhase.Ready, Duration.ofSeconds(120));

        String run = ready.getStatus().getRun();
        assertThat(createdPods.in(ns)).extracting(pod -> pod.getMetadata().getName())
                .contains(run + "-build", run + "-build-2");
        assertThat(ready.getStatus().getImage()).isEqualTo(cacheRepo(ns) + "@"
                + manifestDigest(ns + "/cache", "latest").orElseThrow());
    }

    /** The real registry is stopped right before the probe pod runs, and started again. */
    @Test
    void aRegistryDownDuringTheProbeIsWaitedForWithoutBuildingAndTheBuildHealsWhenItIsBack() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        DevContainerBuild waiting = createWithTheRegistryDownAt(io.dcbuild.operator.testing.PodRole.PROBE, ns, "down");
        assertThat(waiting.getStatus().getPhase()).as("a probe that cannot reach the registry is not a miss")
                .isEqualTo(BuildPhase.Probing);
        assertThat(condition(waiting, "Ready").getMessage()).contains("connection refused");

        DevContainerBuild ready = awaitPhase(ns, "down", BuildPhase.Ready, Duration.ofSeconds(120));

        String run = ready.getStatus().getRun();
        assertThat(createdPods.in(ns)).extracting(pod -> pod.getMetadata().getName())
                .contains(run + "-probe", run + "-probe-2");
        assertThat(ready.getStatus().getImage()).startsWith(cacheRepo(ns) + "@sha256:");
    }

    /**
     * The real registry is stopped right before the verify pod runs (the builder has pushed), and started again: the
     * step is tried again, and the image the builder pushed is recorded, without building again.
     */
    @Test
    void aRegistryDownDuringTheVerifyIsWaitedForAndTheBuildHealsWithoutBuildingAgain() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        DevContainerBuild waiting = createWithTheRegistryDownAt(io.dcbuild.operator.testing.PodRole.VERIFY, ns,
                "verify-down");
        assertThat(waiting.getStatus().getPhase()).as("an unreachable registry at verify is not a failed build")
                .isEqualTo(BuildPhase.Verifying);

        DevContainerBuild ready = awaitPhase(ns, "verify-down", BuildPhase.Ready, Duration.ofSeconds(120));

        String run = ready.getStatus().getRun();
        assertThat(createdPods.in(ns, PodRole.BUILD)).as("one builder pod: the pushed image is verified again")
                .hasSize(1);
        assertThat(createdPods.in(ns)).extracting(pod -> pod.getMetadata().getName())
                .contains(run + "-verify", run + "-verify-2");
        assertThat(ready.getStatus().getImage()).startsWith(cacheRepo(ns) + "@sha256:")
                .endsWith(manifestDigest(ns + "/cache", "latest").orElseThrow());
    }

    /**
     * The real git server lists refs but fails every fetch (503) when the preflight reads the commit, then serves
     * again: the build waits as for any outage, starts no pod meanwhile, and becomes Ready by itself.
     */
    @Test
    void aGitServerFailingThePreflightFetchIsRetriedAndTheBuildHealsWhenItServesAgain() {
        String ns = namespace();
        String commit = newRepo(ns, DOCKERFILE);
        git.failFetches();
        try {
            create(build(ns, "fetch-down", git.url(ns), "main", cacheRepo(ns)));
            DevContainerBuild retrying = await("the build retries the failing fetch")
                    .atMost(Duration.ofSeconds(60)).until(() -> get(ns, "fetch-down"), b -> b != null
                            && b.getStatus() != null && b.getStatus().getConditions().stream()
                                    .anyMatch(c -> c.getType().equals("Reconciling") && c.getStatus().equals("True")
                                            && c.getReason().equals("GitUnreachable")));
            assertThat(condition(retrying, "Ready").getMessage()).contains("retrying with backoff");
            assertThat(retrying.getStatus().getPhase()).isNotIn(BuildPhase.Stalled, BuildPhase.Failed);
            assertThat(createdPods.in(ns)).as("no pod before the preflight has read the commit").isEmpty();
        } finally {
            git.serveFetches();
        }

        DevContainerBuild ready = awaitPhase(ns, "fetch-down", BuildPhase.Ready, Duration.ofSeconds(120));

        assertThat(ready.getStatus().getCommit()).isEqualTo(commit);
    }

    /**
     * The registry does not show the pushed tags when the verify pod asks (as registries on eventually consistent
     * storage may, right after a push): the verify step is asked again, and the build is Ready once they show,
     * without building again. (The tags are moved aside in the real registry's storage and moved back.)
     */
    @Test
    void aPushTheRegistryShowsLateIsVerifiedAgainNotFailed() throws Exception {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        java.nio.file.Path tags = registry.storageDirectory()
                .resolve("docker/registry/v2/repositories/" + ns + "/cache/_manifests/tags");
        java.nio.file.Path aside = tags.resolveSibling("tags-aside");
        kubelet.beforeNext(io.dcbuild.operator.testing.PodRole.VERIFY, ns, () -> {
            try {
                java.nio.file.Files.move(tags, aside);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        create(build(ns, "late", git.url(ns), "main", cacheRepo(ns)));
        DevContainerBuild waiting = await("the build says the verify is asked again").atMost(Duration.ofSeconds(90))
                .until(() -> get(ns, "late"), b -> b != null && b.getStatus() != null
                        && b.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready")
                                && c.getMessage().contains("found no image in " + cacheRepo(ns) + " yet")));
        assertThat(waiting.getStatus().getPhase()).isEqualTo(BuildPhase.Verifying);
        java.nio.file.Files.move(aside, tags);

        DevContainerBuild ready = awaitPhase(ns, "late", BuildPhase.Ready, Duration.ofSeconds(90));

        assertThat(createdPods.in(ns, PodRole.BUILD)).hasSize(1);
        assertThat(createdPods.in(ns)).extracting(pod -> pod.getMetadata().getName())
                .contains(ready.getStatus().getRun() + "-verify-2");
        assertThat(ready.getStatus().getImage()).isEqualTo(cacheRepo(ns) + "@"
                + manifestDigest(ns + "/cache", "latest").orElseThrow());
    }

    /** The real git server stops listening before the build's first reconcile, and listens again. */
    @Test
    void aGitServerDownAtTheFirstReconcileIsRetriedAndTheBuildHealsWhenItIsBack() {
        String ns = namespace();
        String commit = newRepo(ns, DOCKERFILE);
        git.refuseConnections();
        try {
            create(build(ns, "git-down", git.url(ns), "main", cacheRepo(ns)));
            DevContainerBuild retrying = await("the build retries the unreachable git server")
                    .atMost(Duration.ofSeconds(60)).until(() -> get(ns, "git-down"), b -> b != null
                            && b.getStatus() != null && b.getStatus().getConditions().stream()
                                    .anyMatch(c -> c.getType().equals("Reconciling") && c.getStatus().equals("True")
                                            && c.getReason().equals("GitUnreachable")));
            assertThat(condition(retrying, "Ready").getMessage()).contains("retrying with backoff");
            assertThat(retrying.getStatus().getPhase()).isNotIn(BuildPhase.Stalled, BuildPhase.Failed);
        } finally {
            git.acceptConnections();
        }

        DevContainerBuild ready = awaitPhase(ns, "git-down", BuildPhase.Ready, Duration.ofSeconds(120));

        assertThat(ready.getStatus().getCommit()).isEqualTo(commit);
    }

    @Test
    void aBuildWhoseNameIsTooLongForALabelValueStillBuilds() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        client().secrets().inNamespace(ns).resource(dockerConfigSecret("regcred")).create();
        String name = "a-build-name-of-seventy-characters-which-is-longer-than-labels-allow-x";
        assertThat(name).hasSize(70);
        DevContainerBuild build = build(ns, name, git.url(ns), "main", cacheRepo(ns));
        build.getSpec().setRegistryCredentialsSecretRef(new SecretReference("regcred"));
        create(build);

        awaitPhase(ns, name, BuildPhase.Ready);

        assertThat(createdPods.in(ns)).isNotEmpty().allSatisfy(pod -> assertThat(pod.getMetadata().getLabels()
                .get("dcbuild.io/build")).hasSizeLessThanOrEqualTo(63).startsWith("a-build-name-of-seventy"));
        assertThat(client().secrets().inNamespace(ns).withName(name + "-registry-config").get()).isNotNull();
    }

    @Test
    void aMalformedRegistrySecretStartsNoPodAndItsFixUnblocksTheBuild() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        String broken = "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"not base64 at all!\"}}}";
        client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("regcred")
                .endMetadata().withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", b64(broken))).build()).create();
        DevContainerBuild build = build(ns, "badcred", git.url(ns), "main", cacheRepo(ns));
        build.getSpec().setRegistryCredentialsSecretRef(new SecretReference("regcred"));
        build.getSpec().setPollInterval("1h");
        create(build);

        assertStalled(ns, "badcred", "InvalidRegistryCredentialsSecret", "is not valid base64");
        assertThat(condition(get(ns, "badcred"), "Stalled").getMessage()).contains("regcred")
                .doesNotContain("not base64 at all");
        assertThat(createdPods.in(ns)).isEmpty();

        client().secrets().inNamespace(ns).withName("regcred").edit(secret -> dockerConfigSecret("regcred"));

        awaitPhase(ns, "badcred", BuildPhase.Ready);
    }

    @Test
    void aUsersObjectNamedLikeADerivedOneIsNeverTouchedAndTheBuildSaysSo() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        client().secrets().inNamespace(ns).resource(dockerConfigSecret("regcred")).create();
        Secret users = client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
                .withName("taken-registry-config").addToLabels("team", "payments").endMetadata()
                .withData(Map.of("token", b64("the-users-own-data"))).build()).create();
        DevContainerBuild build = build(ns, "taken", git.url(ns), "main", cacheRepo(ns));
        build.getSpec().setRegistryCredentialsSecretRef(new SecretReference("regcred"));
        create(build);

        assertStalled(ns, "taken", "DerivedNameTaken", "taken-registry-config");
        client().resources(DevContainerBuild.class).inNamespace(ns).withName("taken").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> get(ns, "taken") == null);

        Secret after = client().secrets().inNamespace(ns).withName("taken-registry-config").get();
        assertThat(after).as("the user's Secret outlives the build").isNotNull();
        assertThat(after.getData()).isEqualTo(users.getData());
        assertThat(after.getMetadata().getLabels()).isEqualTo(Map.of("team", "payments"));
        assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(users.getMetadata().getResourceVersion());
        assertThat(createdPods.in(ns)).isEmpty();
    }

    @Test
    void rebuildAnnotationRunsTheBuilderAgain() {
        String ns = namespace();
        newRepo(ns, DOCKERFILE);
        create(build(ns, "again", git.url(ns), "main", cacheRepo(ns)));
        DevContainerBuild first = awaitPhase(ns, "again", BuildPhase.Ready);

        client().resources(DevContainerBuild.class).inNamespace(ns).withName("again")
                .edit(b -> {
                    b.getMetadata().getAnnotations().put(DevContainerBuild.REBUILD_ANNOTATION, "1");
                    return b;
                });

        DevContainerBuild rebuilt = await().atMost(Duration.ofSeconds(60)).until(() -> get(ns, "again"),
                b -> "1".equals(b.getStatus().getRebuildRequest()) && b.getStatus().getPhase() == BuildPhase.Ready);
        assertThat(createdPods.in(ns, PodRole.BUILD)).hasSize(2);
        assertThat(rebuilt.getStatus().getImage()).isEqualTo(first.getStatus().getImage());
        assertThat(rebuilt.getStatus().getCacheHit()).isFalse();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /**
     * Creates the build {@code name} with the real registry stopped right before its first pod of {@code role}
     * runs; returns the build once it says the step is tried again, and starts the registry again.
     */
    private DevContainerBuild createWithTheRegistryDownAt(io.dcbuild.operator.testing.PodRole role, String ns,
            String name) {
        kubelet.beforeNext(role, ns, registry::stop);
        try {
            create(build(ns, name, git.url(ns), "main", cacheRepo(ns)));
            return await("the build says the " + role + " step is tried again").atMost(Duration.ofSeconds(90))
                    .until(() -> get(ns, name), b -> b != null && b.getStatus() != null
                            && b.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready")
                                    && c.getMessage().contains("could not reach a server it needs")));
        } finally {
            registry.restart();
        }
    }

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }

    private String namespace() {
        return namespaces.create("scenario");
    }

    private String newRepo(String name, String dockerfile) {
        return devcontainerRepository(git, name, dockerfile);
    }

    /** A repository {@code name} whose branch main holds this class's devcontainer.json and that Dockerfile. */
    static String devcontainerRepository(GitHttpServer server, String name, String dockerfile) {
        server.createRepository(name);
        return server.commit(name, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", dockerfile));
    }

    private String cacheRepo(String ns) {
        return registry.hostPort() + "/" + ns + "/cache";
    }

    static DevContainerBuild build(String ns, String name, String url, String ref, String cacheRepo) {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName(name);
        build.getMetadata().setNamespace(ns);
        build.getMetadata().setAnnotations(new java.util.HashMap<>());
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(url);
        source.setRef(ref);
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(cacheRepo);
        spec.setCache(cache);
        build.setSpec(spec);
        return build;
    }

    private void create(DevContainerBuild build) {
        client().resources(DevContainerBuild.class).inNamespace(build.getMetadata().getNamespace())
                .resource(build).create();
    }

    private DevContainerBuild get(String ns, String name) {
        return client().resources(DevContainerBuild.class).inNamespace(ns).withName(name).get();
    }

    private BuildPhase phaseOf(String ns, String name) {
        DevContainerBuild build = get(ns, name);
        return build == null || build.getStatus() == null ? null : build.getStatus().getPhase();
    }

    private DevContainerBuild awaitPhase(String ns, String name, BuildPhase phase) {
        return awaitPhase(ns, name, phase, Duration.ofSeconds(60));
    }

    private DevContainerBuild awaitPhase(String ns, String name, BuildPhase phase, Duration atMost) {
        return await("build " + ns + "/" + name + " reaching " + phase).atMost(atMost)
                .until(() -> get(ns, name), b -> b != null && b.getStatus() != null && b.getStatus().getPhase() == phase);
    }

    private void assertStalled(String ns, String name, String reason, String messagePart) {
        DevContainerBuild stalled = awaitPhase(ns, name, BuildPhase.Stalled);
        Condition condition = condition(stalled, "Stalled");
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo(reason);
        assertThat(condition.getMessage()).contains(messagePart);
        assertThat(condition(stalled, "Ready").getStatus()).isEqualTo("False");
    }

    private static Condition condition(DevContainerBuild build, String type) {
        return build.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + build.getStatus().getConditions()));
    }

    private static Map<String, String> literalEnv(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private Optional<String> manifestDigest(String repository, String reference) {
        return registry.manifestDigest(repository, reference);
    }

    private Secret dockerConfigSecret(String name) {
        String json = "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + b64("ci:registry-pass") + "\"}}}";
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withType("kubernetes.io/dockerconfigjson").withData(Map.of(".dockerconfigjson", b64(json))).build();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
