package io.dcbuild.operator.builds;

import io.dcbuild.operator.runs.PodRole;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Remembers every operator pod as it was first seen, so tests can read pod specs after the pods are deleted. */
final class CreatedPods implements AutoCloseable {

    private final Map<String, Pod> byUid = new LinkedHashMap<>();
    private final Map<String, Instant> firstSeen = new LinkedHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    CreatedPods(KubernetesClient client) {
        informer = client.pods().inAnyNamespace().withLabel(BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        remember(pod);
                    }

                    @Override
                    public void onUpdate(Pod oldPod, Pod newPod) {
                        remember(newPod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                    }
                });
    }

    private synchronized void remember(Pod pod) {
        byUid.putIfAbsent(pod.getMetadata().getUid(), pod);
        firstSeen.putIfAbsent(pod.getMetadata().getUid(), Instant.now());
    }

    /** When this watch first saw the pod (its creation, give or take the watch's delay). */
    synchronized Instant firstSeen(Pod pod) {
        return firstSeen.get(pod.getMetadata().getUid());
    }

    /** Pods of a namespace and role, in order of creation. */
    synchronized List<Pod> in(String namespace, PodRole role) {
        List<Pod> found = new ArrayList<>();
        for (Pod pod : byUid.values()) {
            if (pod.getMetadata().getNamespace().equals(namespace)
                    && role.label().equals(pod.getMetadata().getLabels().get(BuildLabels.ROLE))) {
                found.add(pod);
            }
        }
        return found;
    }

    synchronized List<Pod> in(String namespace) {
        return byUid.values().stream().filter(p -> p.getMetadata().getNamespace().equals(namespace)).toList();
    }

    @Override
    public void close() {
        informer.close();
    }
}
