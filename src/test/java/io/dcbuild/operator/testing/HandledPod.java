package io.dcbuild.operator.testing;

import java.time.Instant;

/**
 * A pod the simulated kubelet has finished with.
 *
 * @param phase {@code Succeeded}, {@code Failed}, {@code Pending} (container config error: a Secret or key was
 *     missing; the container never ran) or {@code Gone} (the pod was deleted while it ran)
 * @param exitCode the container's exit code, or -1 when it never ran
 * @param buildName the {@code dcbuild.io/build} label
 * @param log everything the simulated Envbuilder printed
 */
public record HandledPod(String namespace, String name, String uid, PodRole role, String buildName, String phase,
        int exitCode, String log, Instant finishedAt) {

    public boolean succeeded() {
        return "Succeeded".equals(phase);
    }
}
