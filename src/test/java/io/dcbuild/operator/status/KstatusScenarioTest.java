package io.dcbuild.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.api.v1alpha1.PolicyBuilderSpec;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.dcbuild.operator.testing.gitops.ArgoCdHealthCheck;
import io.dcbuild.operator.testing.gitops.ArgoCdHealthCheck.Health;
import io.dcbuild.operator.testing.gitops.Kstatus;
import io.dcbuild.operator.testing.gitops.Kstatus.Verdict;
import io.dcbuild.operator.testing.gitops.StatusHistory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both kinds follow kstatus on the real API server, as Flux (and kpt, cli-utils) read it, and Argo CD's health checks
 * ({@code deploy/argocd/}) run on the very objects the operator wrote give the same verdicts. The rules are written
 * down in {@link Kstatus}; every version of every object a test makes is checked against them, not only the last.
 *
 * <p>States: no status yet; a build probing and building (InProgress / Progressing); Ready (Current / Healthy); a
 * spec change not yet observed (InProgress / Progressing); bad input and a failed build (Failed / Degraded); a Ready
 * build whose ref cannot be checked for a while (stays Current / Healthy, and says so); a policy that is valid
 * (Current / Healthy), made invalid (Failed / Degraded, holding its builds) and fixed again.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KstatusScenarioTest {

    static final String DEVCONTAINER_JSON = """
            { "build": { "dockerfile": "Dockerfile" } }
            """;
    static final String DOCKERFILE = """
            FROM mcr.microsoft.com/devcontainers/base:bookworm
            RUN echo ready > /etc/sample
            """;
    static final String CLASS_LABEL = "dcbuild.io/test-class";
    static final String SELECTED_LABEL = "kstatus-scenario-test/selected";
    static final ArgoCdHealthCheck BUILD_HEALTH = ArgoCdHealthCheck.of("DevContainerBuild");
    static final ArgoCdHealthCheck POLICY_HEALTH = ArgoCdHealthCheck.of("DevContainerBuildPolicy");
    static final Duration SETTLE = Duration.ofSeconds(90);

    static LocalRegistry registry;
    static GitHttpServer git;
    static EnvbuilderKubeletSimulator kubelet;
    static TestNamespaces namespaces;
    static StatusHistory history;

    @BeforeEach
    void startSandbox() {
        if (registry == null) {
            registry = LocalRegistry.startDefault();
            git = GitHttpServer.start();
            kubelet = EnvbuilderKubeletSimulator.onNewNode(client());
            namespaces = new TestNamespaces(client());
            history = new StatusHistory(client());
        }
    }

    @AfterAll
    static void stopSandbox() {
        if (namespaces != null) {
            client().resources(DevContainerBuildPolicy.class).withLabel(CLASS_LABEL, "KstatusScenarioTest").delete();
        }
        Fixtures.closeAll(history, namespaces, kubelet, git, registry);
        registry = null;
        OperatorOnControlPlane.assertOperatorWasNeverForbidden();
    }

    @Test
    void aBuildIsInProgressWhileItRunsCurrentOnceReadyAndInProgressUntilItsNewSpecIsObserved() {
        String ns = namespaces.create("kstatus");
        newRepo(ns);
        kubelet.holdBuilds();
        DevContainerBuild building;
        try {
            create(build(ns, "app", "main"));
            building = awaitBuild(ns, "app",
                    b -> phase(b) == BuildPhase.Building && !kubelet.heldBuildPods().isEmpty());
        } finally {
            kubelet.releaseBuilds();
        }
        Condition working = condition(building, "Reconciling");
        assertThat(working.getReason()).isEqualTo("Building");
        assertThat(working.getMessage()).contains("builds commit");
        assertThat(Kstatus.verdict(building)).isEqualTo(Verdict.InProgress);
        assertThat(BUILD_HEALTH.of(building)).isEqualTo(new Health("Progressing", "Building: " + working.getMessage()));

        DevContainerBuild ready = awaitBuild(ns, "app", b -> phase(b) == BuildPhase.Ready);
        assertSettled(ready);
        assertThat(Kstatus.verdict(ready)).isEqualTo(Verdict.Current);
        Condition done = condition(ready, "Ready");
        assertThat(done.getMessage()).endsWith(ready.getStatus().getImage());
        assertThat(BUILD_HEALTH.of(ready)).isEqualTo(new Health("Healthy", "Built: " + done.getMessage()));

        // a new spec that needs no new image: the status is for generation 1 until the operator has observed 2
        client().resources(DevContainerBuild.class).inNamespace(ns).withName("app").edit(b -> {
            b.getSpec().setPollInterval("10m");
            return b;
        });
        DevContainerBuild changed = awaitBuild(ns, "app", b -> b.getMetadata().getGeneration() == 2
                && Long.valueOf(2).equals(b.getStatus().getObservedGeneration()) && phase(b) == BuildPhase.Ready);
        assertSettled(changed);
        assertThat(Kstatus.verdict(changed)).isEqualTo(Verdict.Current);
        assertThat(BUILD_HEALTH.of(changed).status()).isEqualTo("Healthy");
        assertThat(changed.getStatus().getImage()).isEqualTo(ready.getStatus().getImage());

        List<HasMetadata> versions = history.of(ready);
        assertEveryVersionKeepsTheRules(versions, BUILD_HEALTH);
        HasMetadata created = versions.get(0);
        assertThat(((DevContainerBuild) created).getStatus()).as("the object as created").isNull();
        assertThat(Kstatus.verdict(created)).as("kstatus cannot tell an object nobody reconciled from a done one")
                .isEqualTo(Verdict.Current);
        assertThat(BUILD_HEALTH.of(created))
                .isEqualTo(new Health("Progressing", "waiting for the operator to report on this build"));
        HasMetadata stale = versions.stream().filter(v -> v.getMetadata().getGeneration() == 2).findFirst()
                .orElseThrow();
        assertThat(((DevContainerBuild) stale).getStatus().getObservedGeneration())
                .as("the spec change, before the operator saw it").isEqualTo(1L);
        assertThat(Kstatus.verdict(stale)).isEqualTo(Verdict.InProgress);
        assertThat(BUILD_HEALTH.of(stale)).isEqualTo(new Health("Progressing",
                "waiting for the operator to observe generation 2 (the status is for generation 1)"));
    }

    @Test
    void badInputAndAFailedBuildAreStalledWithTheirReasonAndMessage() {
        String ns = namespaces.create("kstatus");
        newRepo(ns);
        create(build(ns, "typo", "mian"));
        DevContainerBuild typo = awaitBuild(ns, "typo", b -> phase(b) == BuildPhase.Stalled);
        assertSettled(typo);
        Condition stalled = condition(typo, "Stalled");
        assertThat(stalled.getReason()).isEqualTo("GitRefNotFound");
        assertThat(stalled.getMessage()).contains("'mian'");
        assertThat(Kstatus.verdict(typo)).isEqualTo(Verdict.Failed);
        assertThat(BUILD_HEALTH.of(typo)).isEqualTo(new Health("Degraded", "GitRefNotFound: " + stalled.getMessage()));

        kubelet.failBuilds(pod -> ns.equals(pod.getMetadata().getNamespace()),
                "error: build image: RUN apt-get install: exit status 100");
        create(build(ns, "broken", "main"));
        DevContainerBuild broken = awaitBuild(ns, "broken", b -> phase(b) == BuildPhase.Failed);
        assertSettled(broken);
        Condition failed = condition(broken, "Stalled");
        assertThat(failed.getReason()).isEqualTo("BuildFailed");
        assertThat(failed.getMessage()).contains("exit status 100");
        assertThat(Kstatus.verdict(broken)).isEqualTo(Verdict.Failed);
        assertThat(BUILD_HEALTH.of(broken)).isEqualTo(new Health("Degraded", "BuildFailed: " + failed.getMessage()));

        assertEveryVersionKeepsTheRules(history.of(typo), BUILD_HEALTH);
        assertEveryVersionKeepsTheRules(history.of(broken), BUILD_HEALTH);
    }

    /**
     * A git server out of reach when a Ready build checks its ref: the build still has the image of its spec, so it
     * stays Ready and Current (a git outage does not turn every finished build of a cluster unready), and its
     * PollSucceeded condition says what goes wrong; once the server is back, the next check says it is over.
     */
    @Test
    void aReadyBuildWhoseRefCannotBeCheckedStaysReadyAndSaysSo() {
        String ns = namespaces.create("kstatus");
        newRepo(ns);
        DevContainerBuild polled = build(ns, "polled", "main");
        polled.getSpec().setPollInterval("10s");
        create(polled);
        DevContainerBuild ready = awaitBuild(ns, "polled", b -> phase(b) == BuildPhase.Ready);

        git.refuseConnections();
        DevContainerBuild cutOff;
        try {
            cutOff = awaitBuild(ns, "polled", b -> conditionOf(b, "PollSucceeded")
                    .filter(c -> "False".equals(c.getStatus())).isPresent());
        } finally {
            git.acceptConnections();
        }
        Condition poll = condition(cutOff, "PollSucceeded");
        assertThat(poll.getReason()).isEqualTo("GitUnreachable");
        assertThat(poll.getMessage()).contains("retrying with backoff");
        assertSettled(cutOff);
        assertThat(condition(cutOff, "Ready").getMessage()).isEqualTo(condition(ready, "Ready").getMessage());
        assertThat(Kstatus.verdict(cutOff)).isEqualTo(Verdict.Current);
        assertThat(BUILD_HEALTH.of(cutOff).status()).isEqualTo("Healthy");

        DevContainerBuild healed = awaitBuild(ns, "polled", b -> conditionOf(b, "PollSucceeded")
                .filter(c -> "True".equals(c.getStatus())).isPresent());
        assertThat(condition(healed, "PollSucceeded").getReason()).isEqualTo("RefResolved");
        assertSettled(healed);
        assertEveryVersionKeepsTheRules(history.of(healed), BUILD_HEALTH);
    }

    @Test
    void aPolicyIsCurrentWhileValidAndFailedWhileInvalidAndTheBuildsItHoldsSaySo() {
        String ns = namespaces.create("kstatus-policy-" + System.nanoTime() % 100_000,
                Map.of(SELECTED_LABEL, "true"));
        newRepo(ns);
        String name = ns;
        client().resource(policy(name)).create();
        DevContainerBuildPolicy applied = awaitPolicy(name, p -> observed(p) == 1 && holds(p, "Ready"));
        assertSettled(applied);
        assertThat(Kstatus.verdict(applied)).isEqualTo(Verdict.Current);
        assertThat(POLICY_HEALTH.of(applied))
                .isEqualTo(new Health("Healthy", "Applied: selects 1 namespaces and governs 0 builds"));

        // a value the API server admits (the schema cannot say it) and the operator refuses: an unpinned image
        setBuilderImage(name, "ghcr.io/coder/envbuilder:latest");
        DevContainerBuildPolicy invalid = awaitPolicy(name, p -> observed(p) == 2 && holds(p, "Stalled"));
        assertSettled(invalid);
        Condition stalled = condition(invalid, "Stalled");
        assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
        assertThat(stalled.getMessage()).startsWith("this policy is invalid, and the builds of every namespace it "
                + "could govern are held until it is fixed: spec.builder.image 'ghcr.io/coder/envbuilder:latest' "
                + "must be pinned by digest");
        assertThat(condition(invalid, "Ready").getStatus()).isEqualTo("False");
        assertThat(Kstatus.verdict(invalid)).isEqualTo(Verdict.Failed);
        assertThat(POLICY_HEALTH.of(invalid)).isEqualTo(new Health("Degraded", "InvalidSpec: " + stalled.getMessage()));

        create(build(ns, "held", "main"));
        DevContainerBuild held = awaitBuild(ns, "held", b -> phase(b) == BuildPhase.Stalled);
        assertSettled(held);
        assertThat(condition(held, "Stalled").getReason()).isEqualTo("PolicyInvalid");
        assertThat(Kstatus.verdict(held)).isEqualTo(Verdict.Failed);
        assertThat(BUILD_HEALTH.of(held).status()).isEqualTo("Degraded");

        setBuilderImage(name, "ghcr.io/coder/envbuilder@sha256:" + "b".repeat(64));
        DevContainerBuildPolicy fixed = awaitPolicy(name, p -> observed(p) == 3 && holds(p, "Ready"));
        assertSettled(fixed);
        assertThat(Kstatus.verdict(fixed)).isEqualTo(Verdict.Current);
        assertThat(POLICY_HEALTH.of(fixed).status()).isEqualTo("Healthy");
        DevContainerBuild released = awaitBuild(ns, "held", b -> phase(b) == BuildPhase.Ready);
        assertSettled(released);

        assertEveryVersionKeepsTheRules(history.of(fixed), POLICY_HEALTH);
        assertEveryVersionKeepsTheRules(history.of(released), BUILD_HEALTH);
    }

    // ---- the rules -------------------------------------------------------------------------------------------------

    /** Settled: the rules hold, and the status describes the object's current generation. */
    private static void assertSettled(HasMetadata object) {
        assertThat(Kstatus.brokenRules(object)).as("kstatus rules of %s", describe(object)).isEmpty();
        assertThat(observed(object)).as("observedGeneration of a settled %s", describe(object))
                .isEqualTo(object.getMetadata().getGeneration());
    }

    /**
     * Every version the operator wrote keeps the rules, and Argo CD's check agrees with kstatus on each: Progressing
     * for InProgress, Degraded for Failed, Healthy for Current (once the operator has written a status: before that,
     * kstatus says Current and the check rightly waits).
     */
    private static void assertEveryVersionKeepsTheRules(List<HasMetadata> versions, ArgoCdHealthCheck check) {
        assertThat(versions).isNotEmpty();
        for (HasMetadata version : versions) {
            assertThat(Kstatus.brokenRules(version)).as("kstatus rules of %s", describe(version)).isEmpty();
            if (observed(version) == 0) {
                continue;
            }
            String expected = switch (Kstatus.verdict(version)) {
                case InProgress -> "Progressing";
                case Failed -> "Degraded";
                case Current -> "Healthy";
                case Terminating -> "Progressing";
            };
            assertThat(check.of(version).status()).as("Argo CD's verdict on %s", describe(version))
                    .isEqualTo(expected);
        }
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName() + " at resourceVersion "
                + object.getMetadata().getResourceVersion() + ": " + object;
    }

    // ---- objects -------------------------------------------------------------------------------------------------

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }

    private static void newRepo(String name) {
        git.createRepository(name);
        git.commit(name, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", DOCKERFILE));
    }

    private static DevContainerBuild build(String ns, String name, String ref) {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName(name);
        build.getMetadata().setNamespace(ns);
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(git.url(ns));
        source.setRef(ref);
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(registry.hostPort() + "/" + ns + "/cache");
        spec.setCache(cache);
        build.setSpec(spec);
        return build;
    }

    private static void create(DevContainerBuild build) {
        client().resources(DevContainerBuild.class).inNamespace(build.getMetadata().getNamespace()).resource(build)
                .create();
    }

    /** Selects the namespaces this test labels; sets nothing else, so it allows every source. */
    private static DevContainerBuildPolicy policy(String name) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName(name);
        policy.getMetadata().setLabels(Map.of(CLASS_LABEL, "KstatusScenarioTest"));
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(SELECTED_LABEL, "true")).build());
        policy.setSpec(spec);
        return policy;
    }

    private static void setBuilderImage(String policy, String image) {
        client().resources(DevContainerBuildPolicy.class).withName(policy).edit(p -> {
            PolicyBuilderSpec builder = new PolicyBuilderSpec();
            builder.setImage(image);
            p.getSpec().setBuilder(builder);
            return p;
        });
    }

    private static DevContainerBuild awaitBuild(String ns, String name, Predicate<DevContainerBuild> state) {
        return await("build " + ns + "/" + name).atMost(SETTLE).until(
                () -> client().resources(DevContainerBuild.class).inNamespace(ns).withName(name).get(),
                b -> b != null && b.getStatus() != null && state.test(b));
    }

    private static DevContainerBuildPolicy awaitPolicy(String name, Predicate<DevContainerBuildPolicy> state) {
        return await("policy " + name).atMost(SETTLE).until(
                () -> client().resources(DevContainerBuildPolicy.class).withName(name).get(),
                p -> p != null && p.getStatus() != null && state.test(p));
    }

    private static BuildPhase phase(DevContainerBuild build) {
        return build.getStatus().getPhase();
    }

    private static long observed(HasMetadata object) {
        Long observed = object instanceof DevContainerBuild b && b.getStatus() != null
                ? b.getStatus().getObservedGeneration()
                : object instanceof DevContainerBuildPolicy p && p.getStatus() != null
                        ? p.getStatus().getObservedGeneration() : null;
        return observed == null ? 0 : observed;
    }

    private static boolean holds(DevContainerBuildPolicy policy, String type) {
        return policy.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<Condition> conditionOf(HasMetadata object, String type) {
        List<Condition> conditions = object instanceof DevContainerBuild b ? b.getStatus().getConditions()
                : ((DevContainerBuildPolicy) object).getStatus().getConditions();
        return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }

    private static Condition condition(HasMetadata object, String type) {
        return conditionOf(object, type).orElseThrow(() -> new AssertionError("no condition " + type + " on "
                + describe(object)));
    }
}
