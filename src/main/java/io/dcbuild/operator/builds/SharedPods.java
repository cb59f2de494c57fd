package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pods named after a cache key, shared by every build of that key in a namespace. A build joins a pod by adding
 * itself as an owner and leaves it once it recorded the result; the last one to leave deletes it. Writes use the
 * resourceVersion, so concurrent joins conflict and are retried instead of overwriting each other.
 */
public class SharedPods {

    private final KubernetesClient client;

    public SharedPods(KubernetesClient client) {
        this.client = client;
    }

    /** Concurrent joins of one pod conflict on its resourceVersion; each loser reads the pod again and retries. */
    private static final int CONFLICT_ATTEMPTS = 8;

    /** The pod of that name, created from {@code desired} if absent, with {@code build} among its owners. */
    public Pod join(Pod desired, DevContainerBuild build) {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            try {
                return tryJoin(desired, build, namespace, name);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Pod tryJoin(Pod desired, DevContainerBuild build, String namespace, String name) {
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        if (current == null) {
            return client.pods().inNamespace(namespace).resource(desired).create();
        }
        if (isOwner(current, build)) {
            return current;
        }
        List<OwnerReference> owners = new ArrayList<>(ownersOf(current));
        owners.add(OwnerReferences.sharedBy(build));
        current.getMetadata().setOwnerReferences(owners);
        return client.pods().inNamespace(namespace).resource(current).update();
    }

    /** Removes {@code build} from the pod's owners; deletes the pod when no owner is left. */
    public void leave(String namespace, String name, DevContainerBuild build) {
        for (int attempt = 1; ; attempt++) {
            try {
                tryLeave(namespace, name, build);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void tryLeave(String namespace, String name, DevContainerBuild build) {
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        if (current == null) {
            return;
        }
        List<OwnerReference> remaining = ownersOf(current).stream()
                .filter(o -> !Objects.equals(o.getUid(), build.getMetadata().getUid()))
                .toList();
        if (remaining.isEmpty()) {
            client.pods().inNamespace(namespace).resource(current).delete();
        } else if (remaining.size() != ownersOf(current).size()) {
            current.getMetadata().setOwnerReferences(new ArrayList<>(remaining));
            client.pods().inNamespace(namespace).resource(current).update();
        }
    }

    /** Deletes a pod of that name that failed, so that a new run of the same key starts afresh. */
    public void deleteIfFailed(String namespace, String name) {
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        if (current != null && PodOutcome.of(current).state() == PodOutcome.State.FAILED) {
            client.pods().inNamespace(namespace).resource(current).delete();
        }
    }

    /** Every operator pod in the namespace that lists {@code build} among its owners. */
    public List<Pod> ownedBy(DevContainerBuild build) {
        return client.pods().inNamespace(build.getMetadata().getNamespace())
                .withLabel(BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE)
                .list().getItems().stream()
                .filter(p -> isOwner(p, build))
                .toList();
    }

    public static boolean isOwner(Pod pod, DevContainerBuild build) {
        return ownersOf(pod).stream().anyMatch(o -> Objects.equals(o.getUid(), build.getMetadata().getUid()));
    }

    private static List<OwnerReference> ownersOf(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners == null ? List.of() : owners;
    }
}
