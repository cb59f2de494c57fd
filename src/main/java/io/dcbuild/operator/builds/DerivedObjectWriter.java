package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Writes an object derived for one build into its namespace: labelled as the operator's, controlled by the build,
 * created when absent, replaced (with the current resourceVersion) only when its content or its controller changed;
 * never an object of that name that someone else made.
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
                .addToLabels(BuildLabels.BUILD, BuildLabels.buildValue(build.getMetadata().getName()))
                .addToOwnerReferences(OwnerReferences.controlledBy(build))
                .build();
    }

    /**
     * Creates or updates {@code desired}. An object of that name that is not the operator's (not labelled as derived
     * for this build, or controlled by something else) is left untouched, and the build is blocked with a message
     * naming it; one derived for an earlier build of the same name (deleted and created again) is taken over.
     *
     * @param sameContent whether the existing object already holds what {@code desired} holds
     */
    <T extends HasMetadata> void apply(DevContainerBuild build, T desired, BiPredicate<T, T> sameContent)
            throws BuildBlockedException {
        T existing = client.resource(desired).get();
        if (existing == null) {
            client.resource(desired).create();
            return;
        }
        if (!derivedFor(existing, build)) {
            throw new BuildBlockedException("DerivedNameTaken", "the " + existing.getKind() + " "
                    + existing.getMetadata().getName() + " in namespace " + existing.getMetadata().getNamespace()
                    + " is not one the operator derived for this build, so it is left untouched; the operator needs"
                    + " that name for the build's " + desired.getKind() + ": rename or delete the existing one");
        }
        boolean controlledByThisBuild = existing.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> Boolean.TRUE.equals(owner.getController())
                        && build.getMetadata().getUid() != null && build.getMetadata().getUid().equals(owner.getUid()));
        if (!controlledByThisBuild || !sameContent.test(existing, desired)) {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update();
        }
    }

    /** Labelled as derived for a build of this name and, if controlled at all, controlled by such a build. */
    private static boolean derivedFor(HasMetadata existing, DevContainerBuild build) {
        Map<String, String> labels = existing.getMetadata().getLabels() == null ? Map.of()
                : existing.getMetadata().getLabels();
        boolean labelled = BuildLabels.MANAGED_BY_VALUE.equals(labels.get(BuildLabels.MANAGED_BY))
                && BuildLabels.buildValue(build.getMetadata().getName()).equals(labels.get(BuildLabels.BUILD));
        boolean controlledElsewhere = existing.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> Boolean.TRUE.equals(owner.getController())
                        && !(owner.getKind().equals(build.getKind())
                                && owner.getName().equals(build.getMetadata().getName())));
        return labelled && !controlledElsewhere;
    }
}
