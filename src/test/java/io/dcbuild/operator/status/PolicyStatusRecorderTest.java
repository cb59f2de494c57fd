package io.dcbuild.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.testing.gitops.Kstatus;
import io.dcbuild.operator.testing.gitops.Kstatus.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy's status, against the kstatus rules of {@link Kstatus}: the states the real API server cannot give. */
class PolicyStatusRecorderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aReconcileThatFailsIsInProgressUntilOneSucceedsAndClaimsNoNewGeneration() {
        DevContainerBuildPolicy policy = policy(1);
        new PolicyStatusRecorder(policy, CLOCK).applied("selects 2 namespaces and governs 3 builds");
        policy.getMetadata().setGeneration(2L);

        PolicyStatusRecorder.afterFailedReconcile(policy, CLOCK).retrying("TransientError",
                "could not apply the policy, retrying with backoff (attempt 1): Failure executing: GET namespaces");

        assertThat(Kstatus.brokenRules(policy)).isEmpty();
        assertThat(Kstatus.verdict(policy)).isEqualTo(Verdict.InProgress);
        assertThat(policy.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(condition(policy, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(policy, "Reconciling").getMessage()).contains("GET namespaces");

        new PolicyStatusRecorder(policy, CLOCK).applied("selects 2 namespaces and governs 3 builds");
        assertThat(Kstatus.brokenRules(policy)).isEmpty();
        assertThat(Kstatus.verdict(policy)).isEqualTo(Verdict.Current);
        assertThat(policy.getStatus().getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void aFirstReconcileThatFailsStillSaysWhichGenerationItIsAbout() {
        DevContainerBuildPolicy policy = policy(1);

        PolicyStatusRecorder.afterFailedReconcile(policy, CLOCK).retrying("TransientError", "retrying");

        assertThat(Kstatus.brokenRules(policy)).isEmpty();
        assertThat(Kstatus.verdict(policy)).isEqualTo(Verdict.InProgress);
    }

    @Test
    void anInvalidPolicyIsStalledWithEachProblemAndAFailedRetentionLeavesItReady() {
        DevContainerBuildPolicy policy = policy(1);
        new PolicyStatusRecorder(policy, CLOCK).invalid(List.of("spec.proxy.httpProxy 'ftp://x' must be an http(s) "
                + "URL with a host, such as http://proxy.example.com:3128"));
        assertThat(Kstatus.verdict(policy)).isEqualTo(Verdict.Failed);
        assertThat(condition(policy, "Stalled").getMessage()).isEqualTo("this policy is invalid, and the builds of "
                + "every namespace it could govern are held until it is fixed: spec.proxy.httpProxy 'ftp://x' must "
                + "be an http(s) URL with a host, such as http://proxy.example.com:3128");
        assertThat(Kstatus.brokenRules(policy)).isEmpty();

        policy.getMetadata().setGeneration(2L);
        PolicyStatusRecorder recorder = new PolicyStatusRecorder(policy, CLOCK);
        recorder.applied("selects 0 namespaces and governs 0 builds");
        recorder.retentionFailed("DeletesUnsupported", "the registry refuses deletes");
        assertThat(Kstatus.verdict(policy)).isEqualTo(Verdict.Current);
        assertThat(condition(policy, "RetentionSucceeded").getStatus()).isEqualTo("False");
        assertThat(Kstatus.brokenRules(policy)).isEmpty();
    }

    private static DevContainerBuildPolicy policy(long generation) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName("company");
        policy.getMetadata().setGeneration(generation);
        return policy;
    }

    private static Condition condition(DevContainerBuildPolicy policy, String type) {
        return policy.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + policy.getStatus().getConditions()));
    }
}
