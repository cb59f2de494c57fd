package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.BiPredicate;

/**
 * Writes an object derived for one build into its namespace: labelled as the operator's, controlled by the build,
 * created when absent, replaced (with the current resourceVersion) only when its content changed.
 */
final class DerivedObjectWriter {

    private final KubernetesClient client;

    DerivedObjectWriter(KubernetesClient client) {
        this.client = client;
    }

    static ObjectMeta metadata(DevContainerBuild build, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(build.getMetadata().getNamespace())
                .addToLabels(BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE)
                .addToLabels(BuildLabels.BUILD, build.getMetadata().getName())
                .addToOwnerReferences(OwnerReferences.controlledBy(build))
                .build();
    }

    /** @param sameContent whether the existing object already holds what {@code desired} holds */
    <T extends HasMetadata> void apply(T desired, BiPredicate<T, T> sameContent) {
        T existing = client.resource(desired).get();
        if (existing == null) {
            client.resource(desired).create();
        } else if (!sameContent.test(existing, desired)) {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update();
        }
    }
}
