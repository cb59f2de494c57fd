package io.dcbuild.operator.runs;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.RunPodTemplates;
import io.dcbuild.operator.builds.BuildLabels;
import io.dcbuild.operator.builds.OwnerReferences;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;

/** The pod of one role of a run: its spec from the run, its name and labels from the run, the run its controller. */
final class RunPods {

    /** Label on pods: the attempt of their step. */
    static final String ATTEMPT_LABEL = "dcbuild.io/attempt";

    private RunPods() {
    }

    static Pod desired(DevContainerBuildRun run, PodRole role) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(RunNames.pod(run, role))
                    .withNamespace(run.getMetadata().getNamespace())
                    .addToLabels(BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE)
                    .addToLabels(RunNames.RUN_LABEL, run.getMetadata().getName())
                    .addToLabels(BuildLabels.BUILD, BuildLabels.buildValue(run.getSpec().getRequestedBy()))
                    .addToLabels(BuildLabels.ROLE, role.label())
                    .addToLabels(ATTEMPT_LABEL, Integer.toString(RunNames.stepAttempt(run)))
                    .addToLabels(BuildLabels.CACHE_KEY, run.getSpec().getCacheKey().substring(0, 32))
                    .addToOwnerReferences(OwnerReferences.controlledBy(run))
                .endMetadata()
                .withSpec(spec(run.getSpec().getPods(), role))
                .build();
    }

    private static PodSpec spec(RunPodTemplates pods, PodRole role) {
        return switch (role) {
            case PROBE -> pods.getProbe();
            case BUILD -> pods.getBuild();
            case VERIFY -> pods.getVerify();
        };
    }

    /** The attempt of its step a pod is, from its label (1 for pods without one). */
    static int attemptOf(Pod pod) {
        String label = pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(ATTEMPT_LABEL);
        try {
            return label == null ? 1 : Integer.parseInt(label);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The role a pod of a run plays, from its label. */
    static PodRole roleOf(Pod pod) {
        String label = pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(BuildLabels.ROLE);
        for (PodRole role : PodRole.values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        return null;
    }
}
