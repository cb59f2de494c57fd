package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Owner references to a build, as the controller of what only it uses. */
final class OwnerReferences {

    private OwnerReferences() {
    }

    /** For objects derived for one build (its registry config Secret, its CA bundle ConfigMap). */
    static OwnerReference controlledBy(DevContainerBuild build) {
        return reference(build, true);
    }

    private static OwnerReference reference(DevContainerBuild build, boolean controller) {
        return new OwnerReferenceBuilder()
                .withApiVersion(build.getApiVersion())
                .withKind(build.getKind())
                .withName(build.getMetadata().getName())
                .withUid(build.getMetadata().getUid())
                .withController(controller)
                .withBlockOwnerDeletion(false)
                .build();
    }
}
