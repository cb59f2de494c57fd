package io.dcbuild.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.api.v1alpha1.NamespacedKeyReference;
import io.dcbuild.operator.api.v1alpha1.RetentionRepositoryStatus;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.ScratchImagePusher;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cache retention driven by a DevContainerBuildPolicy, on the real API server with the simulated
 * kubelet filling real registries the way Envbuilder does, plus back-dated cache images pushed with Jib.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PolicyRetentionScenarioTest {

    static final String DOCKERFILE = "FROM debian:bookworm\nRUN echo one\nRUN echo two\n";
    static final String DEVCONTAINER = "{ \"build\": { \"dockerfile\": \"Dockerfile\" } }";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static LocalRegistry registry;
    static LocalRegistry noDeletes;
    static GitHttpServer git;
    static EnvbuilderKubeletSimulator kubelet;
    static TestNamespaces namespaces;
    /** On every policy this class creates, so that it removes them when done. */
    static final String POLICY_LABEL = "dcbuild.io/test-class";


    @BeforeEach
    void startSandbox() {
        if (registry == null) {
            registry = LocalRegistry.startDefault();
            noDeletes = LocalRegistry.builder().deletesEnabled(false).start();
            git = GitHttpServer.start();
            kubelet = EnvbuilderKubeletSimulator.onNewNode(client());
            namespaces = new TestNamespaces(client());
        }
    }

    @AfterAll
    static void stopSandbox() {
        // policies are cluster-scoped: remove this class's, then its namespaces and what is in them
        if (namespaces != null) {
            client().resources(DevContainerBuildPolicy.class).withLabel(POLICY_LABEL, "PolicyRetentionScenarioTest").delete();
        }
        Fixtures.closeAll(namespaces, kubelet, git, noDeletes, registry);
        registry = null;
        OperatorOnControlPlane.assertOperatorWasNeverForbidden();
    }

    @Test
    void retentionDeletesStaleUnrecordedCacheTagsAndKeepsRecordedImages() throws Exception {
        String ns = namespace("retain");
        String repo = registry.hostPort() + "/" + ns + "/cache";
        DevContainerBuild ready = readyBuild(ns, repo);
        String staleTag = "a".repeat(64);
        String freshTag = "b".repeat(64);
        ScratchImagePusher pusher = ScratchImagePusher.to(registry);
        pusher.push(ns + "/cache:" + staleTag, "stale layer", Instant.now().minus(Duration.ofDays(30)), List.of());
        pusher.push(ns + "/cache:" + freshTag, "fresh layer", Instant.now().minus(Duration.ofDays(1)), List.of());
        pusher.push(ns + "/cache:foreign", "someone else's", Instant.now().minus(Duration.ofDays(90)), List.of());

        DevContainerBuildPolicy policy = createPolicy("retain-" + COUNTER.incrementAndGet(), ns, false);

        DevContainerBuildPolicy done = awaitRetentionRun(policy.getMetadata().getName());
        RetentionRepositoryStatus report = repositoryReport(done, repo);
        assertThat(report.getDeletedManifests()).isEqualTo(1);
        assertThat(report.getErrors()).isEmpty();
        assertThat(report.getPinned()).isEqualTo(1);
        assertThat(done.getStatus().getSelectedNamespaces()).containsExactly(ns);
        assertThat(done.getStatus().getGovernedBuilds()).isEqualTo(1);
        assertThat(condition(done, "RetentionSucceeded").getStatus()).isEqualTo("True");
        assertThat(manifestStatus(ns + "/cache", staleTag)).isEqualTo(404);
        assertThat(manifestStatus(ns + "/cache", freshTag)).isEqualTo(200);
        assertThat(manifestStatus(ns + "/cache", "foreign")).isEqualTo(200);
        assertThat(manifestStatus(ns + "/cache", "latest")).isEqualTo(200);
        String digest = ready.getStatus().getImage().substring(ready.getStatus().getImage().indexOf('@') + 1);
        assertThat(manifestStatus(ns + "/cache", digest)).as("the recorded image").isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> events(policy.getMetadata().getName()).stream()
                .anyMatch(e -> e.getReason().equals("RetentionCompleted") && e.getMessage().contains("deleted 1")));
    }

    @Test
    void anImageRecordedOutsideThePolicysNamespacesUnderAnotherSpellingIsPinnedAndSurvivesTheRegistrysGc() {
        try (LocalRegistry own = LocalRegistry.startDefault()) {
            String path = "spelled-" + COUNTER.incrementAndGet() + "/cache";
            String outside = namespace("ungoverned");
            DevContainerBuild elsewhere = readyBuild(outside, own.hostPort().replace("127.0.0.1", "localhost") + "/"
                    + path, DOCKERFILE + "RUN echo another image\n");
            String governedNs = namespace("retain");
            DevContainerBuild governed = readyBuild(governedNs, own.hostPort() + "/" + path);
            String elsewhereDigest = elsewhere.getStatus().getImage().substring(
                    elsewhere.getStatus().getImage().indexOf('@') + 1);
            assertThat(governed.getStatus().getImage()).as("the governed build pushed latest last")
                    .doesNotContain(elsewhereDigest);

            DevContainerBuildPolicy policy = createPolicy("retain-" + COUNTER.incrementAndGet(), governedNs, false);
            DevContainerBuildPolicy done = awaitRetentionRun(policy.getMetadata().getName());

            assertThat(done.getStatus().getSelectedNamespaces()).containsExactly(governedNs);
            RetentionRepositoryStatus report = repositoryReport(done, own.hostPort() + "/" + path);
            assertThat(report.getPinned()).as("both recorded images pinned: " + report + ", retention "
                    + done.getStatus().getRetention()).isEqualTo(2);
            own.runGarbageCollect(true);
            assertThat(own.manifestDigest(path, elsewhereDigest)).as("the image recorded as localhost:<port>/...")
                    .isPresent();
            assertThat(own.manifestDigest(path, "latest")).isPresent();
        }
    }

    @Test
    void dryRunDeletesNothingAndListsWhatItWouldDelete() throws Exception {
        String ns = namespace("dry");
        String repo = registry.hostPort() + "/" + ns + "/cache";
        readyBuild(ns, repo);
        String staleTag = "c".repeat(64);
        ScratchImagePusher.to(registry).push(ns + "/cache:" + staleTag, "stale", Instant.now()
                .minus(Duration.ofDays(20)), List.of());

        DevContainerBuildPolicy policy = createPolicy("dry-" + COUNTER.incrementAndGet(), ns, true);

        DevContainerBuildPolicy done = awaitRetentionRun(policy.getMetadata().getName());
        assertThat(done.getStatus().getRetention().getDryRun()).isTrue();
        assertThat(done.getStatus().getRetention().getWouldDelete()).singleElement().asString().startsWith(repo + "@sha256:");
        assertThat(manifestStatus(ns + "/cache", staleTag)).isEqualTo(200);
        assertThat(condition(done, "RetentionSucceeded").getReason()).isEqualTo("DryRun");
    }

    @Test
    void registryRefusingDeletesGivesOneClearCondition() throws Exception {
        String ns = namespace("nodel");
        String repo = noDeletes.hostPort() + "/" + ns + "/cache";
        readyBuild(ns, repo);
        ScratchImagePusher pusher = ScratchImagePusher.to(noDeletes);
        for (String hex : List.of("d", "e", "f")) {
            pusher.push(ns + "/cache:" + hex.repeat(64), "stale " + hex, Instant.now().minus(Duration.ofDays(40)),
                    List.of());
        }

        DevContainerBuildPolicy policy = createPolicy("nodel-" + COUNTER.incrementAndGet(), ns, false);

        DevContainerBuildPolicy done = awaitRetentionRun(policy.getMetadata().getName());
        Condition condition = condition(done, "RetentionSucceeded");
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("DeletesUnsupported");
        assertThat(repositoryReport(done, repo).getDeletesUnsupported()).isTrue();
        assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
        assertThat(get(ns, "app").getStatus().getPhase()).isEqualTo(BuildPhase.Ready);
    }

    /**
     * A policy whose CA bundle names a ConfigMap that does not exist: retention cannot start. The policy says so (its
     * condition and one Warning Event, in default) and tries again a minute later, not on every second.
     */
    @Test
    void retentionThatThePolicysOwnCaBundleKeepsFromStartingSaysSoAndWaitsBeforeTryingAgain() {
        String ns = namespace("blocked");
        String name = "blocked-" + COUNTER.incrementAndGet();
        NamespacedKeyReference caBundle = new NamespacedKeyReference();
        caBundle.setNamespace(ns);
        caBundle.setName("company-ca-missing");
        createPolicy(name, ns, false, spec -> spec.setCaBundle(caBundle));

        DevContainerBuildPolicy blocked = await("retention of " + name + " refused").atMost(Duration.ofSeconds(30))
                .until(() -> client().resources(DevContainerBuildPolicy.class).withName(name).get(),
                        p -> p.getStatus() != null && p.getStatus().getConditions() != null
                                && p.getStatus().getConditions().stream().anyMatch(c -> c.getType()
                                        .equals("RetentionSucceeded") && "False".equals(c.getStatus())));
        Condition condition = condition(blocked, "RetentionSucceeded");
        assertThat(condition.getReason()).isEqualTo("PolicyReferenceNotFound");
        assertThat(condition.getMessage()).contains("cache retention could not start", "company-ca-missing",
                "tried again in 1 minute");
        assertThat(blocked.getStatus().getRetention()).as("no run took place").isNull();
        await("one Warning Event about it").atMost(Duration.ofSeconds(10)).until(() -> events(name).stream()
                .anyMatch(e -> e.getReason().equals("PolicyReferenceNotFound") && e.getType().equals("Warning")));
        await("no second attempt within seconds").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                .until(() -> events(name).stream().filter(e -> e.getReason().equals("PolicyReferenceNotFound"))
                        .allMatch(e -> e.getCount() == null || e.getCount() == 1));
    }

    @Test
    void buildAskingForALongerCacheTtlThanThePolicyKeepsIsRejectedUntilThePolicyChanges() {
        String ns = namespace("ttl");
        String policyName = "ttl-" + COUNTER.incrementAndGet();
        createPolicy(policyName, ns, true);
        git.createRepository(ns);
        git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER,
                ".devcontainer/Dockerfile", DOCKERFILE));
        DevContainerBuild build = buildSpec(ns, registry.hostPort() + "/" + ns + "/cache");
        build.getSpec().getCache().setTtlDays(30);
        client().resource(build).create();

        DevContainerBuild rejected = await().atMost(Duration.ofSeconds(30)).until(() -> get(ns, "app"),
                b -> b.getStatus() != null && b.getStatus().getPhase() == BuildPhase.Stalled);
        Condition stalled = rejected.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Stalled")).findFirst().orElseThrow();
        assertThat(stalled.getReason()).isEqualTo("PolicyViolation");
        assertThat(stalled.getMessage()).contains("spec.cache.ttlDays 30").contains(policyName);
        assertThat(client().pods().inNamespace(ns).list().getItems()).isEmpty();
        long generation = rejected.getMetadata().getGeneration();

        // as kubectl patch --type merge does: no resourceVersion, so the operator's status writes do not conflict
        client().resources(DevContainerBuildPolicy.class).withName(policyName)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"retention\":{\"ttlDays\":60}}}");

        DevContainerBuild ready = await().atMost(Duration.ofSeconds(60)).until(() -> get(ns, "app"),
                b -> b.getStatus().getPhase() == BuildPhase.Ready);
        assertThat(ready.getMetadata().getGeneration()).as("the build itself was not touched").isEqualTo(generation);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }

    private String namespace(String prefix) {
        String ns = prefix + "-" + COUNTER.incrementAndGet();
        namespaces.create(ns, Map.of("dcbuild.io/test", ns));
        return ns;
    }

    private DevContainerBuild readyBuild(String ns, String cacheRepo) {
        return readyBuild(ns, cacheRepo, DOCKERFILE);
    }

    private DevContainerBuild readyBuild(String ns, String cacheRepo, String dockerfile) {
        git.createRepository(ns);
        git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER,
                ".devcontainer/Dockerfile", dockerfile));
        client().resource(buildSpec(ns, cacheRepo)).create();
        return await().atMost(Duration.ofSeconds(60)).until(() -> get(ns, "app"),
                b -> b.getStatus() != null && b.getStatus().getPhase() == BuildPhase.Ready);
    }

    private DevContainerBuild buildSpec(String ns, String cacheRepo) {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName("app");
        build.getMetadata().setNamespace(ns);
        build.getMetadata().setAnnotations(new HashMap<>());
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(git.url(ns));
        source.setRef("main");
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(cacheRepo);
        spec.setCache(cache);
        build.setSpec(spec);
        return build;
    }

    private DevContainerBuild get(String ns, String name) {
        return client().resources(DevContainerBuild.class).inNamespace(ns).withName(name).get();
    }

    private DevContainerBuildPolicy createPolicy(String name, String ns, boolean dryRun) {
        return createPolicy(name, ns, dryRun, spec -> { });
    }

    private DevContainerBuildPolicy createPolicy(String name, String ns, boolean dryRun,
            Consumer<DevContainerBuildPolicySpec> adjust) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName(name);
        policy.getMetadata().setLabels(Map.of(POLICY_LABEL, "PolicyRetentionScenarioTest"));
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("dcbuild.io/test", ns).build());
        RetentionSpec retention = new RetentionSpec();
        retention.setEnabled(true);
        retention.setTtlDays(7);
        retention.setDryRun(dryRun);
        spec.setRetention(retention);
        adjust.accept(spec);
        policy.setSpec(spec);
        return client().resource(policy).create();
    }

    private DevContainerBuildPolicy awaitRetentionRun(String name) {
        return await("retention run of policy " + name).atMost(Duration.ofSeconds(60))
                .until(() -> client().resources(DevContainerBuildPolicy.class).withName(name).get(),
                        p -> p.getStatus() != null && p.getStatus().getRetention() != null
                                && p.getStatus().getRetention().getLastRunFinished() != null);
    }

    private static RetentionRepositoryStatus repositoryReport(DevContainerBuildPolicy policy, String repo) {
        return policy.getStatus().getRetention().getRepositories().stream()
                .filter(r -> r.getRepository().equals(repo)).findFirst()
                .orElseThrow(() -> new AssertionError("no report for " + repo));
    }

    private static Condition condition(DevContainerBuildPolicy policy, String type) {
        return policy.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }

    private List<Event> events(String policyName) {
        return client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> policyName.equals(e.getInvolvedObject().getName())).toList();
    }

    /** 200 when the registry serves the manifest, 404 when it does not. */
    private int manifestStatus(String repository, String reference) {
        LocalRegistry target = repository.startsWith("nodel") ? noDeletes : registry;
        return target.manifestDigest(repository, reference).isPresent() ? 200 : 404;
    }
}
