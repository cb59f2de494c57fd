package io.dcbuild.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes the pod status a kubelet would report for the one {@code envbuilder} container, through the pod's
 * {@code status} subresource ({@code editStatus}: read, then JSON-patch {@code /status}).
 */
final class SimulatedPodStatusWriter {

    private final KubernetesClient client;

    SimulatedPodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    void running(Pod pod, Instant startedAt) {
        ContainerStatus container = base(pod)
                .withReady(true)
                .withStarted(true)
                .withNewState().withNewRunning().withStartedAt(timestamp(startedAt)).endRunning().endState()
                .build();
        write(pod, new PodStatusBuilder()
                .withPhase("Running")
                .withHostIP("127.0.0.1")
                .withPodIP("127.0.0.1")
                .withStartTime(timestamp(startedAt))
                .withContainerStatuses(container)
                .build());
    }

    void terminated(Pod pod, Instant startedAt, int exitCode) {
        ContainerStatus container = base(pod)
                .withReady(false)
                .withStarted(false)
                .withNewState().withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(exitCode == 0 ? "Completed" : "Error")
                    .withStartedAt(timestamp(startedAt))
                    .withFinishedAt(timestamp(Instant.now()))
                    .withContainerID("simulated://" + pod.getMetadata().getUid())
                .endTerminated().endState()
                .build();
        write(pod, new PodStatusBuilder()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withHostIP("127.0.0.1")
                .withPodIP("127.0.0.1")
                .withStartTime(timestamp(startedAt))
                .withContainerStatuses(container)
                .build());
    }

    void containerConfigError(Pod pod, String message) {
        ContainerStatus container = base(pod)
                .withReady(false)
                .withStarted(false)
                .withNewState().withNewWaiting()
                    .withReason("CreateContainerConfigError")
                    .withMessage(message)
                .endWaiting().endState()
                .build();
        write(pod, new PodStatusBuilder()
                .withPhase("Pending")
                .withHostIP("127.0.0.1")
                .withContainerStatuses(container)
                .build());
    }

    private static ContainerStatusBuilder base(Pod pod) {
        String image = pod.getSpec().getContainers().stream()
                .filter(c -> PodLogPublisher.CONTAINER.equals(c.getName()))
                .map(c -> c.getImage())
                .findFirst().orElse("");
        return new ContainerStatusBuilder()
                .withName(PodLogPublisher.CONTAINER)
                .withImage(image)
                .withImageID(image)
                .withRestartCount(0);
    }

    /** Like a kubelet, retries when the pod changed between its read and its write (409). */
    private void write(Pod pod, PodStatus status) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .editStatus(current -> {
                            current.setStatus(status);
                            return current;
                        });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
