package io.dcbuild.operator.build;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;

/**
 * The desired probe, builder and verify pods of a run. Safety settings are the same for every role: no service
 * account token, never restarted, a deadline, resources, not privileged (Envbuilder needs root, not privileges).
 */
public class BuilderPodFactory {

    private final PlainHttpRegistries plainHttpRegistries;

    public BuilderPodFactory(PlainHttpRegistries plainHttpRegistries) {
        this.plainHttpRegistries = plainHttpRegistries;
    }

    public Pod create(DevContainerBuild build, BuildSettings settings, BuildRun run, PodRole role,
            Optional<String> registryConfigSecret) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(run.podName(role))
                    .withNamespace(build.getMetadata().getNamespace())
                    .addToLabels(BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE)
                    .addToLabels(BuildLabels.BUILD, build.getMetadata().getName())
                    .addToLabels(BuildLabels.ROLE, role.label())
                    .addToLabels(BuildLabels.CACHE_KEY, run.cacheKeyLabel())
                    .addToOwnerReferences(ownerReference(build))
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withActiveDeadlineSeconds(settings.activeDeadlineSeconds())
                    .addNewContainer()
                        .withName(BuildLabels.CONTAINER_NAME)
                        .withImage(settings.builderImage())
                        .withImagePullPolicy("IfNotPresent")
                        .withEnv(EnvbuilderEnvironment.of(settings, run, role,
                                plainHttpRegistries.isPlainHttp(settings.cacheRepo()), registryConfigSecret))
                        .withResources(settings.resources())
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                        .withNewSecurityContext()
                            .withPrivileged(false)
                        .endSecurityContext()
                    .endContainer()
                .endSpec()
                .build();
    }

    /** Pods may serve several builds with one cache key: each is an owner, none is the controller. */
    static OwnerReference ownerReference(DevContainerBuild build) {
        return new OwnerReferenceBuilder()
                .withApiVersion(build.getApiVersion())
                .withKind(build.getKind())
                .withName(build.getMetadata().getName())
                .withUid(build.getMetadata().getUid())
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }
}
