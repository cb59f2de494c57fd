package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.runs.PodRole;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.StandaloneOperator;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One run per cache key, the single writer of its pods, against operators that stop: restarted while identical
 * builds come and go, and "crashed" right after each write of a run or a pod. On a control plane of its own (real
 * etcd, kube-apiserver with RBAC, kube-controller-manager), because the operator the Quarkus tests of this JVM keep
 * running on the shared one must not take part; the operator here is the same build and run controllers in a plain
 * Java Operator SDK operator, holding the shipped ServiceAccount's token. Envbuilder is played by the simulated
 * kubelet against the real registry.
 */
class RunRestartAndCrashTest {

    private static final Duration CONVERGENCE = Duration.ofSeconds(90);

    static ControlPlane controlPlane;
    static OperatorInstallation installation;
    static String token;
    static LocalRegistry registry;
    static GitHttpServer git;
    static EnvbuilderKubeletSimulator kubelet;
    static CreatedPods createdPods;
    static TestNamespaces namespaces;

    @BeforeAll
    static void startSandbox() {
        controlPlane = ControlPlane.startPrivate("restarts");
        installation = OperatorInstallation.install(controlPlane);
        token = installation.token();
        registry = LocalRegistry.startDefault();
        git = GitHttpServer.start();
        kubelet = EnvbuilderKubeletSimulator.onNewNode(admin());
        createdPods = new CreatedPods(admin());
        namespaces = new TestNamespaces(admin());
    }

    @AfterAll
    static void stopSandbox() {
        Fixtures.closeAll(namespaces, createdPods, kubelet, git, registry, controlPlane);
    }

    @Test
    void operatorStoppedRightAfterAnyWriteOfARunOrPodResumesWithOnePodPerStepAndNoOrphan() {
        int windows = 0;
        for (int writes = 1; ; writes++) {
            String ns = namespaces.create("crash");
            newRepo(ns);
            create(ns, "first");
            create(ns, "second");
            boolean crashed;
            try (StandaloneOperator operator = StandaloneOperator.start(controlPlane, token, writes)) {
                await("crash after write " + writes + " or the end of the run in " + ns).atMost(CONVERGENCE)
                        .until(() -> operator.crashed() || (allReady(ns) && pods(ns) == 0));
                crashed = operator.crashed();
            }
            if (crashed) {
                windows++;
                try (StandaloneOperator restarted = StandaloneOperator.start(controlPlane, token)) {
                    await("convergence in " + ns + " after a crash right after write " + writes)
                            .atMost(CONVERGENCE).until(() -> allReady(ns) && pods(ns) == 0);
                }
            }
            assertOneRunWithOnePodPerStep(ns, "crash right after write " + writes);
            if (!crashed) {
                break; // the run needed fewer writes than the budget: every window before was tried
            }
        }
        System.out.println("RunRestartAndCrashTest: crash windows tried: " + windows);
        assertThat(windows).as("crash windows tried (writes of runs and pods in one run)").isGreaterThanOrEqualTo(8);
    }

    @Test
    void identicalBuildsCreatedAndDeletedWhileTheOperatorRestartsTwiceShareOneBuilderPod() {
        String ns = namespaces.create("restarts");
        newRepo(ns);
        kubelet.holdBuilds();
        try {
            StandaloneOperator operator = StandaloneOperator.start(controlPlane, token);
            createConcurrently(ns, IntStream.range(0, 10).mapToObj(i -> "early-" + i));
            await("a builder pod in " + ns).atMost(CONVERGENCE)
                    .until(() -> createdPods.in(ns, PodRole.BUILD).size() == 1);
            deleteConcurrently(ns, IntStream.range(0, 5).mapToObj(i -> "early-" + i));
            createConcurrently(ns, IntStream.range(0, 5).mapToObj(i -> "middle-" + i));
            operator.stop();

            operator = StandaloneOperator.start(controlPlane, token);
            // every build that started or joined the run is gone; new ones arrive while the operator starts
            deleteConcurrently(ns, IntStream.range(5, 10).mapToObj(i -> "early-" + i));
            createConcurrently(ns, IntStream.range(0, 5).mapToObj(i -> "late-" + i));
            await("the late builds following the run").atMost(CONVERGENCE).until(() -> builds(ns).stream()
                    .allMatch(b -> b.getStatus() != null && b.getStatus().getPhase() == BuildPhase.Building));
            operator.stop();

            operator = StandaloneOperator.start(controlPlane, token);
            kubelet.releaseBuilds();
            await("convergence in " + ns).atMost(CONVERGENCE).until(() -> allReady(ns) && pods(ns) == 0);
            operator.stop();
        } finally {
            kubelet.releaseBuilds();
        }
        assertThat(builds(ns)).extracting(b -> b.getMetadata().getName()).hasSize(10)
                .allMatch(name -> name.startsWith("middle-") || name.startsWith("late-"));
        assertOneRunWithOnePodPerStep(ns, "two restarts");
    }

    /**
     * Two operators with leader election, as two replicas of the Deployment run: the one holding the Lease builds,
     * the other writes nothing; once the leader stops mid-build, the other takes the Lease (when it expires: the
     * stopped one does not give it back, as after a crash) and finishes the run from the pod that is already running.
     */
    @Test
    void twoOperatorsWithALeaseOneReconcilesAndTheOtherFinishesItsBuildWithoutASecondBuilderPod() {
        String ns = namespaces.create("lease");
        newRepo(ns);
        kubelet.holdBuilds();
        try (StandaloneOperator first = StandaloneOperator.startWithLease(controlPlane, token,
                installation.namespace(), "operator-a")) {
            await("operator-a holding the Lease").atMost(CONVERGENCE).until(() -> "operator-a".equals(leaseHolder()));
            try (StandaloneOperator second = StandaloneOperator.startWithLease(controlPlane, token,
                    installation.namespace(), "operator-b")) {
                create(ns, "first");
                create(ns, "second");
                await("a builder pod running in " + ns).atMost(CONVERGENCE)
                        .until(() -> kubelet.heldBuildPods().stream().anyMatch(pod -> pod.startsWith(ns + "/")));
                await("both builds following the run").atMost(CONVERGENCE).until(() -> builds(ns).stream()
                        .allMatch(b -> b.getStatus() != null && b.getStatus().getPhase() == BuildPhase.Building));
                assertThat(first.reconcileWrites()).as("writes of the leader").isPositive();
                assertThat(second.reconcileWrites()).as("writes of the instance waiting for the Lease").isZero();
                assertThat(leaseHolder()).isEqualTo("operator-a");
                assertThat(first.leading()).as("dcbuild_leader of operator-a").isTrue();
                assertThat(second.leading()).as("dcbuild_leader of operator-b").isFalse();

                first.stop();
                await("operator-b taking the Lease").atMost(CONVERGENCE)
                        .until(() -> "operator-b".equals(leaseHolder()) && second.leading());
                kubelet.releaseBuilds();
                await("convergence in " + ns).atMost(CONVERGENCE).until(() -> allReady(ns) && pods(ns) == 0);
                assertThat(second.reconcileWrites()).as("writes of the new leader").isPositive();
            }
        } finally {
            kubelet.releaseBuilds();
        }
        assertOneRunWithOnePodPerStep(ns, "leader stopped mid-build");
    }

    private static String leaseHolder() {
        Lease lease = admin().leases().inNamespace(installation.namespace()).withName("devcontainer-build-operator")
                .get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void aFinishedRunIsKeptWhileABuildFollowsItAndDeletedWithItsKeptPodOnceNoneDoes() {
        String ns = namespaces.create("retention");
        newRepo(ns);
        kubelet.failBuilds(pod -> pod.getMetadata().getNamespace().equals(ns), "error: RUN make: exit status 2");
        System.setProperty("dcbuild.runs.retention", "3s");
        try (StandaloneOperator operator = StandaloneOperator.start(controlPlane, token)) {
            create(ns, "only");
            DevContainerBuild failed = await("the build failing").atMost(CONVERGENCE).until(
                    () -> admin().resources(DevContainerBuild.class).inNamespace(ns).withName("only").get(),
                    b -> b.getStatus() != null && b.getStatus().getPhase() == BuildPhase.Failed);
            String run = failed.getStatus().getRun();
            String keptPod = failed.getStatus().getBuilderPod();
            assertThat(admin().pods().inNamespace(ns).withName(keptPod).get()).as("the failed pod, kept").isNotNull();

            // past its retention, the run stays while the build records it
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).until(() ->
                    admin().resources(DevContainerBuildRun.class).inNamespace(ns).withName(run).get() != null);

            admin().resources(DevContainerBuild.class).inNamespace(ns).withName("only").delete();
            await("the run and its kept pod deleted").atMost(CONVERGENCE).until(() ->
                    admin().resources(DevContainerBuildRun.class).inNamespace(ns).withName(run).get() == null
                            && admin().pods().inNamespace(ns).withName(keptPod).get() == null);
        } finally {
            System.clearProperty("dcbuild.runs.retention");
            kubelet.stopFailingBuilds();
        }
    }

    private void assertOneRunWithOnePodPerStep(String ns, String situation) {
        String latest = registry.manifestDigest(ns + "/cache", "latest").orElseThrow();
        List<DevContainerBuildRun> runs = admin().resources(DevContainerBuildRun.class).inNamespace(ns).list()
                .getItems();
        assertThat(runs).as("runs in " + ns + " (" + situation + ")").singleElement()
                .satisfies(run -> assertThat(run.getStatus().getImage()).isEqualTo(cacheRepo(ns) + "@" + latest));
        assertThat(builds(ns)).as("builds in " + ns + " (" + situation + ")").allSatisfy(build -> {
            assertThat(build.getStatus().getImage()).isEqualTo(cacheRepo(ns) + "@" + latest);
            assertThat(build.getStatus().getRun()).isEqualTo(runs.get(0).getMetadata().getName());
        });
        for (PodRole role : PodRole.values()) {
            assertThat(createdPods.in(ns, role)).as(role + " pods created in " + ns + " (" + situation + ")")
                    .hasSize(1);
        }
        assertThat(kubelet.handledPods()).as("pods the kubelet ran in " + ns + " (" + situation + ")")
                .filteredOn(pod -> pod.namespace().equals(ns)).hasSize(3);
    }

    private static KubernetesClient admin() {
        return controlPlane.admin();
    }

    private static void newRepo(String ns) {
        DevContainerBuildScenarioTest.devcontainerRepository(git, ns, DevContainerBuildScenarioTest.DOCKERFILE);
    }

    private static String cacheRepo(String ns) {
        return registry.hostPort() + "/" + ns + "/cache";
    }

    private static void create(String ns, String name) {
        admin().resources(DevContainerBuild.class).inNamespace(ns)
                .resource(DevContainerBuildScenarioTest.build(ns, name, git.url(ns), "main", cacheRepo(ns))).create();
    }

    private static void createConcurrently(String ns, Stream<String> names) {
        names.toList().parallelStream().forEach(name -> create(ns, name));
    }

    private static void deleteConcurrently(String ns, Stream<String> names) {
        names.toList().parallelStream().forEach(name ->
                admin().resources(DevContainerBuild.class).inNamespace(ns).withName(name).delete());
    }

    private static List<DevContainerBuild> builds(String ns) {
        return admin().resources(DevContainerBuild.class).inNamespace(ns).list().getItems();
    }

    private static boolean allReady(String ns) {
        List<DevContainerBuild> builds = builds(ns);
        return !builds.isEmpty() && builds.stream().map(DevContainerBuild::getStatus).filter(Objects::nonNull)
                .filter(status -> status.getPhase() == BuildPhase.Ready).count() == builds.size();
    }

    private static int pods(String ns) {
        return admin().pods().inNamespace(ns).list().getItems().size();
    }
}
