package io.dcbuild.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.testing.gitops.Kstatus;
import io.dcbuild.operator.testing.gitops.Kstatus.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build's status through each thing a reconcile may record, against the kstatus rules of {@link Kstatus}. */
class BuildStatusRecorderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyStepKeepsTheRulesAndGivesTheVerdictAPersonExpects() {
        DevContainerBuild build = build(1);

        reconcile(build).inProgress(BuildPhase.Probing, "RunStarted", "asking the cache for refs/heads/main at abc");
        assertThat(Kstatus.verdict(build)).isEqualTo(Verdict.InProgress);
        assertThat(Kstatus.brokenRules(build)).isEmpty();

        reconcile(build).ready("Built", "built by run dcb-1: registry.example.com/app@sha256:" + "a".repeat(64));
        assertThat(Kstatus.verdict(build)).isEqualTo(Verdict.Current);
        assertThat(Kstatus.brokenRules(build)).isEmpty();

        reconcile(build).failed("BuildFailed", "run dcb-2: the builder failed");
        assertThat(Kstatus.verdict(build)).isEqualTo(Verdict.Failed);
        assertThat(Kstatus.brokenRules(build)).isEmpty();

        reconcile(build).policyViolated("git repository https://git.example.com/x.git is not allowed");
        assertThat(Kstatus.verdict(build)).isEqualTo(Verdict.Failed);
        assertThat(condition(build, "Ready").getMessage()).as("Ready says why, as kubectl wait shows it")
                .isEqualTo("git repository https://git.example.com/x.git is not allowed");
        assertThat(condition(build, "Reconciling").getMessage()).isEmpty();
        assertThat(Kstatus.brokenRules(build)).isEmpty();
    }

    @Test
    void aReconcileThatFailsOnANewGenerationLeavesTheOldObservedGenerationAndIsInProgress() {
        DevContainerBuild build = build(1);
        reconcile(build).ready("Built", "built by run dcb-1: img");
        build.getMetadata().setGeneration(2L);
        // the failed reconcile had begun to write the new generation into its copy of the status
        new BuildStatusRecorder(build, CLOCK).inProgress(BuildPhase.Probing, "RunStarted", "asking the cache");

        BuildStatusRecorder.afterFailedReconcile(build, CLOCK).retrying("GitUnreachable",
                "retrying with backoff (attempt 1): connection refused");

        assertThat(build.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(Kstatus.verdict(build)).isEqualTo(Verdict.InProgress);
        assertThat(condition(build, "Reconciling").getObservedGeneration()).isEqualTo(1L);
        assertThat(condition(build, "Ready").getStatus()).isEqualTo("False");
        assertThat(Kstatus.brokenRules(build)).isEmpty();
    }

    @Test
    void aFinishedBuildWhoseRefCannotBeCheckedStaysFinishedAndSaysSoUntilACheckSucceeds() {
        DevContainerBuild build = build(1);
        reconcile(build).ready("Built", "built by run dcb-1: img");

        BuildStatusRecorder.afterFailedReconcile(build, CLOCK).retrying("GitUnreachable",
                "retrying with backoff (attempt 1): connection refused");

        assertThat(Kstatus.verdict(build)).isEqualTo(Verdict.Current);
        assertThat(condition(build, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(build, "PollSucceeded")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("GitUnreachable");
        });

        BuildStatusRecorder next = new BuildStatusRecorder(build, CLOCK);
        next.refChecked("refs/heads/main", "abc");
        next.reconciled();
        assertThat(condition(build, "PollSucceeded").getStatus()).isEqualTo("True");
        assertThat(Kstatus.brokenRules(build)).isEmpty();
    }

    @Test
    void aRebuildAskedForThatCannotStartIsInProgress() {
        DevContainerBuild build = build(1);
        reconcile(build).ready("Built", "built by run dcb-1: img");
        build.getMetadata().setAnnotations(Map.of(DevContainerBuild.REBUILD_ANNOTATION, "now"));

        BuildStatusRecorder.afterFailedReconcile(build, CLOCK).retrying("GitUnreachable", "retrying with backoff");

        assertThat(Kstatus.verdict(build)).isEqualTo(Verdict.InProgress);
        assertThat(condition(build, "Ready").getStatus()).isEqualTo("False");
    }

    @Test
    void aReconcileThatChangesNothingMovesTheConditionsToTheGenerationItObserved() {
        DevContainerBuild build = build(1);
        reconcile(build).ready("Built", "built by run dcb-1: img");
        String transition = condition(build, "Ready").getLastTransitionTime();
        build.getMetadata().setGeneration(2L);

        reconcile(build);

        for (String type : List.of("Ready", "Reconciling", "Stalled")) {
            assertThat(condition(build, type).getObservedGeneration()).as(type).isEqualTo(2L);
        }
        assertThat(condition(build, "Ready").getLastTransitionTime()).isEqualTo(transition);
        assertThat(Kstatus.brokenRules(build)).isEmpty();
    }

    /** A recorder as a reconcile that finishes uses it: it ends with {@link BuildStatusRecorder#reconciled}. */
    private static BuildStatusRecorder reconcile(DevContainerBuild build) {
        BuildStatusRecorder recorder = new BuildStatusRecorder(build, CLOCK);
        recorder.reconciled();
        return recorder;
    }

    private static DevContainerBuild build(long generation) {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName("app");
        build.getMetadata().setNamespace("team-a");
        build.getMetadata().setGeneration(generation);
        build.setStatus(new DevContainerBuildStatus());
        return build;
    }

    private static Condition condition(DevContainerBuild build, String type) {
        return build.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + build.getStatus().getConditions()));
    }
}
