package io.dcbuild.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRunSpec;
import io.dcbuild.operator.api.v1alpha1.RunPodTemplates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunPodsTest {

    private static final String KEY = "0123456789abcdef".repeat(4);

    @Test
    void runNamesDeriveFromTheKeyTheRebuildRequestAndTheAttemptAndFitALabel() {
        String first = RunNames.of(KEY, Optional.empty(), 1);
        assertThat(first).isEqualTo("dcb-" + KEY.substring(0, 32)).isEqualTo(RunNames.of(KEY, Optional.empty(), 1));
        assertThat(RunNames.of(KEY, Optional.empty(), 2)).isEqualTo(first + "-2");
        String rebuild = RunNames.of(KEY, Optional.of("2026-12-03T10:00:00Z"), 1);
        assertThat(rebuild).startsWith(first + "-r").isNotEqualTo(RunNames.of(KEY, Optional.of("again"), 1));
        assertThat(RunNames.isRebuild(rebuild)).isTrue();
        assertThat(RunNames.isRebuild(first + "-2")).isFalse();
        String longest = RunNames.of(KEY, Optional.of("x"), 999) + "-verify";
        assertThat(longest.length()).as(longest).isLessThanOrEqualTo(63);
    }

    @Test
    void podOfARoleIsNamedLabelledAndControlledByTheRun() {
        DevContainerBuildRun run = run();
        for (PodRole role : PodRole.values()) {
            Pod pod = RunPods.desired(run, role);
            assertThat(pod.getMetadata().getName()).isEqualTo(run.getMetadata().getName() + "-" + role.label());
            assertThat(pod.getMetadata().getNamespace()).isEqualTo("team-a");
            assertThat(pod.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "devcontainer-build-operator")
                    .containsEntry("dcbuild.io/run", run.getMetadata().getName())
                    .containsEntry("dcbuild.io/build", "web")
                    .containsEntry("dcbuild.io/role", role.label());
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getUid()).isEqualTo("run-uid");
                assertThat(owner.getKind()).isEqualTo("DevContainerBuildRun");
                assertThat(owner.getController()).isTrue();
            });
            assertThat(pod.getSpec().getContainers().get(0).getName()).isEqualTo(role.label());
            assertThat(RunPods.roleOf(pod)).isEqualTo(role);
        }
    }

    private static DevContainerBuildRun run() {
        DevContainerBuildRun run = new DevContainerBuildRun();
        run.getMetadata().setName(RunNames.of(KEY, Optional.empty(), 1));
        run.getMetadata().setNamespace("team-a");
        run.getMetadata().setUid("run-uid");
        DevContainerBuildRunSpec spec = new DevContainerBuildRunSpec();
        spec.setCacheKey(KEY);
        spec.setCommit("c".repeat(40));
        spec.setGitRef("refs/heads/main");
        spec.setCacheRepo("127.0.0.1:5000/team/cache");
        spec.setRequestedBy("web");
        RunPodTemplates pods = new RunPodTemplates();
        pods.setProbe(new PodSpecBuilder().addNewContainer().withName("probe").endContainer().build());
        pods.setBuild(new PodSpecBuilder().addNewContainer().withName("build").endContainer().build());
        pods.setVerify(new PodSpecBuilder().addNewContainer().withName("verify").endContainer().build());
        spec.setPods(pods);
        run.setSpec(spec);
        return run;
    }
}
