package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every input of {@link BadInputs} on the real API server with the operator: the build (or the API server, for
 * what the CRD schema says) reports a condition whose reason and message name the problem, no pod starts, and
 * after the user's fix the build becomes Ready by itself. All cases run at once, as they would in a cluster: one
 * namespace for most, one per case for the policies (each selects its own namespace).
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BadInputCorpusTest {

    private static final String POLICY_NAMESPACE = "dcbuild-system";
    /** Until every case is reported, from the moment all were applied. */
    private static final Duration CONDITION_WITHIN = Duration.ofSeconds(120);
    /** Until every build is Ready, from the moment all fixes were applied. */
    private static final Duration READY_WITHIN = Duration.ofSeconds(240);

    static LocalRegistry registry;
    static GitHttpServer git;
    static GitHttpServer privateGit;
    static EnvbuilderKubeletSimulator kubelet;
    static CreatedPods createdPods;
    static TestNamespaces namespaces;
    static final List<CorpusCase> cases = new ArrayList<>();
    static final Map<CorpusCase, RuntimeException> fixFailures = new java.util.LinkedHashMap<>();
    static java.time.Instant reportDeadline;
    static java.time.Instant recoveryDeadline;

    @AfterAll
    static void stopSandbox() {
        for (CorpusCase c : cases) {
            client().resources(DevContainerBuildPolicy.class).withName(c.policyName()).delete();
        }
        Fixtures.closeAll(namespaces, createdPods, kubelet, privateGit, git, registry);
        OperatorOnControlPlane.assertOperatorWasNeverForbidden();
    }

    @TestFactory
    Stream<DynamicNode> everyBadInputEndsInAConditionNamingItStartsNoPodAndHealsWhenFixed() {
        startSandbox();
        List<BadInput> corpus = BadInputs.all();
        assertThat(corpus).as("the corpus").hasSizeGreaterThanOrEqualTo(100);
        CorpusCase.World world = new CorpusCase.World(client(), git, privateGit, registry, POLICY_NAMESPACE);
        String shared = namespaces.create("corpus");
        int policyNamespaces = 0;
        for (BadInput input : corpus) {
            String ns = shared;
            if (input.kind() == BadInput.Kind.POLICY) {
                ns = namespaces.create("corpus-policy-" + ++policyNamespaces,
                        Map.of(CorpusCase.CORPUS_LABEL, input.id()));
            }
            cases.add(new CorpusCase(input, ns, world));
        }
        cases.forEach(c -> c.input().breakIt().apply(c));
        reportDeadline = java.time.Instant.now().plus(CONDITION_WITHIN);

        return Stream.of(
                dynamicContainer("each bad input is reported, naming the problem, and starts no pod",
                        cases.stream().map(c -> dynamicTest(c.toString(), () -> assertReported(c)))),
                dynamicTest("the user fixes every input", BadInputCorpusTest::fixEveryInput),
                dynamicContainer("each build becomes Ready by itself once its input is fixed",
                        cases.stream().map(c -> dynamicTest(c.toString(), () -> assertRecovered(c)))));
    }

    private static void assertReported(CorpusCase c) {
        BadInput input = c.input();
        if (input.refusedOnApply()) {
            assertThat(c.refusal()).as("the API server's answer to creating " + c).isNotNull();
            assertThat(c.refusal().getCode()).isEqualTo(422);
            assertThat(c.refusal().getMessage()).contains(input.messagePart());
            assertThat(get(c)).as("no build object exists").isNull();
        } else {
            assertThat(c.refusal()).as("the API server accepted " + c).isNull();
            DevContainerBuild stalled = await(c + " settled").atMost(left(reportDeadline))
                    .until(() -> get(c), b -> stalledReason(b) != null || isSettled(b));
            assertThat(stalledReason(stalled)).as("the Stalled reason of " + c + " in " + stalled.getStatus())
                    .isEqualTo(input.reason());
            Condition condition = condition(stalled, "Stalled");
            assertThat(condition.getMessage()).as("the message of " + c).contains(input.messagePart());
            assertThat(condition(stalled, "Ready").getStatus()).isEqualTo("False");
            assertThat(stalled.getStatus().getPhase()).isEqualTo(BuildPhase.Stalled);
        }
        assertThat(createdPods.in(c.namespace())).as("pods in " + c.namespace() + " while its inputs are bad")
                .extracting(pod -> pod.getMetadata().getName() + " of " + pod.getMetadata().getLabels()
                        .get(BuildLabels.BUILD))
                .isEmpty();
    }

    /** Every fix is applied, even when one fails; a case whose fix failed fails its recovery at once. */
    private static void fixEveryInput() {
        for (CorpusCase c : cases) {
            try {
                c.input().fix().apply(c);
            } catch (RuntimeException e) {
                fixFailures.put(c, e);
            }
        }
        recoveryDeadline = java.time.Instant.now().plus(READY_WITHIN);
        assertThat(fixFailures).as("fixes the API server or the servers refused").isEmpty();
    }

    private static void assertRecovered(CorpusCase c) {
        assertThat(fixFailures.get(c)).as("the fix of " + c).isNull();
        DevContainerBuild ready = await(c + " Ready after the fix").atMost(left(recoveryDeadline))
                .until(() -> get(c), b -> b != null && b.getStatus() != null
                        && b.getStatus().getPhase() == BuildPhase.Ready);
        assertThat(ready.getStatus().getImage()).startsWith(c.cacheRepo() + "@sha256:");
        assertThat(ready.getStatus().getConditions()).noneMatch(cond -> cond.getType().equals("Stalled")
                && cond.getStatus().equals("True"));
    }

    private static void startSandbox() {
        registry = LocalRegistry.startDefault();
        git = GitHttpServer.start();
        privateGit = GitHttpServer.builder().basicAuth("dev", "s3cret-git-token").start();
        kubelet = EnvbuilderKubeletSimulator.onNewNode(client());
        createdPods = new CreatedPods(client());
        namespaces = new TestNamespaces(client());
        if (client().namespaces().withName(POLICY_NAMESPACE).get() == null) {
            client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(POLICY_NAMESPACE)
                    .endMetadata().build()).create();
        }
    }

    /**
     * The time left until a phase's deadline, one for all cases: when something is broken the cases fail within
     * minutes, not one timeout after another.
     */
    private static Duration left(java.time.Instant deadline) {
        Duration left = Duration.between(java.time.Instant.now(), deadline);
        return left.compareTo(Duration.ofSeconds(1)) > 0 ? left : Duration.ofSeconds(1);
    }

    private static boolean isSettled(DevContainerBuild build) {
        return build != null && build.getStatus() != null
                && (build.getStatus().getPhase() == BuildPhase.Ready || build.getStatus().getPhase() == BuildPhase.Failed);
    }

    private static String stalledReason(DevContainerBuild build) {
        return build == null || build.getStatus() == null ? null : build.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Stalled") && c.getStatus().equals("True"))
                .map(Condition::getReason).findFirst().orElse(null);
    }

    private static Condition condition(DevContainerBuild build, String type) {
        return build.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + build.getStatus()));
    }

    private static DevContainerBuild get(CorpusCase c) {
        return client().resources(DevContainerBuild.class).inNamespace(c.namespace()).withName(c.name()).get();
    }

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }
}
