package io.dcbuild.operator.testing.gitops;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every version of every DevContainerBuild and DevContainerBuildPolicy that a watch delivered (the API server sends
 * each write), so that a test can check each status the operator wrote on the way, not only the last one.
 */
public final class StatusHistory implements AutoCloseable {

    private final Map<String, List<HasMetadata>> versions = new LinkedHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public StatusHistory(KubernetesClient client) {
        informers.add(client.resources(DevContainerBuild.class).inAnyNamespace().inform(recorder()));
        informers.add(client.resources(DevContainerBuildPolicy.class).inform(recorder()));
    }

    private <T extends HasMetadata> ResourceEventHandler<T> recorder() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                remember(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                remember(after);
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
            }
        };
    }

    private synchronized void remember(HasMetadata object) {
        List<HasMetadata> seen = versions.computeIfAbsent(key(object), k -> new ArrayList<>());
        String resourceVersion = object.getMetadata().getResourceVersion();
        if (seen.isEmpty() || !resourceVersion.equals(seen.get(seen.size() - 1).getMetadata().getResourceVersion())) {
            seen.add(object);
        }
    }

    /** The versions of the object seen so far, oldest first. */
    public synchronized List<HasMetadata> of(HasMetadata object) {
        return List.copyOf(versions.getOrDefault(key(object), List.of()));
    }

    private static String key(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
