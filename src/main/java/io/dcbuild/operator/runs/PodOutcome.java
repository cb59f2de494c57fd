package io.dcbuild.operator.runs;

import io.dcbuild.operator.builds.BuildLabels;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** What a pod's status says about its work: still going, succeeded or failed, and why. */
public record PodOutcome(State state, Integer exitCode, String detail) {

    public enum State { WAITING, RUNNING, SUCCEEDED, FAILED }

    public static PodOutcome of(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        Optional<ContainerStatus> container = container(pod);
        Optional<ContainerStateTerminated> terminated = container
                .map(c -> c.getState() == null ? null : c.getState().getTerminated());
        Integer exitCode = terminated.map(ContainerStateTerminated::getExitCode).orElse(null);
        if ("Succeeded".equals(phase)) {
            return new PodOutcome(State.SUCCEEDED, exitCode == null ? 0 : exitCode, "completed");
        }
        if ("Failed".equals(phase)) {
            String reason = terminated.map(ContainerStateTerminated::getReason)
                    .or(() -> Optional.ofNullable(pod.getStatus().getReason()))
                    .orElse("Error");
            String message = Optional.ofNullable(pod.getStatus().getMessage()).map(m -> ": " + m).orElse("");
            return new PodOutcome(State.FAILED, exitCode, reason + message);
        }
        if ("Running".equals(phase)) {
            return new PodOutcome(State.RUNNING, null, "running");
        }
        Optional<ContainerStateWaiting> waiting = container
                .map(c -> c.getState() == null ? null : c.getState().getWaiting());
        return new PodOutcome(State.WAITING, null, waiting
                .map(w -> "waiting: " + w.getReason() + (w.getMessage() == null ? "" : " (" + w.getMessage() + ")"))
                .orElse("waiting to be scheduled"));
    }

    private static Optional<ContainerStatus> container(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> BuildLabels.CONTAINER_NAME.equals(c.getName()))
                .findFirst();
    }

    /** Whether the pod waits for a reason its container reports (an image it cannot pull, a Secret it lacks). */
    public boolean waitsForAReason() {
        return state == State.WAITING && detail.startsWith("waiting: ");
    }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }

    public boolean succeeded() {
        return state == State.SUCCEEDED;
    }

    /** The exit code as a person reads it in a message. */
    public String exitText() {
        return exitCode == null ? detail : "exit code " + exitCode + ", " + detail;
    }
}
