package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The desired probe, builder and verify pods of a run. Safety settings are the same for every role: no service
 * account token, never restarted, a deadline, resources, not privileged (Envbuilder needs root, not privileges).
 */
public class BuilderPodFactory {

    static final String CA_VOLUME = "dcbuild-ca-bundle";

    private final PlainHttpRegistries plainHttpRegistries;

    public BuilderPodFactory(PlainHttpRegistries plainHttpRegistries) {
        this.plainHttpRegistries = plainHttpRegistries;
    }

    public Pod create(DevContainerBuild build, BuildSettings settings, BuildRun run, PodRole role,
            DerivedObjects derived) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(run.podName(role))
                    .withNamespace(build.getMetadata().getNamespace())
                    .addToLabels(BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE)
                    .addToLabels(BuildLabels.BUILD, build.getMetadata().getName())
                    .addToLabels(BuildLabels.ROLE, role.label())
                    .addToLabels(BuildLabels.CACHE_KEY, run.cacheKeyLabel())
                    .addToOwnerReferences(OwnerReferences.sharedBy(build))
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
                                plainHttpRegistries.isPlainHttp(settings.cacheRepo()), derived))
                        .withResources(settings.resources())
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                        .withNewSecurityContext()
                            .withPrivileged(false)
                        .endSecurityContext()
                    .endContainer()
                    .withNodeSelector(settings.policy().nodeSelector().isEmpty() ? null
                            : settings.policy().nodeSelector())
                    .withTolerations(settings.policy().tolerations())
                .endSpec()
                .build();
        derived.caBundleConfigMap().ifPresent(configMap -> mountCaBundle(pod, configMap));
        return pod;
    }

    /** The CA bundle file for SSL_CERT_FILE, under /var/run (Envbuilder leaves mounts there alone). */
    private static void mountCaBundle(Pod pod, String configMap) {
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName(CA_VOLUME)
                .withNewConfigMap().withName(configMap)
                    .addNewItem().withKey(CaBundleConfigMap.PEM_KEY).withPath(CaBundleConfigMap.PEM_KEY).endItem()
                .endConfigMap().build());
        pod.getSpec().getContainers().get(0).getVolumeMounts().add(new VolumeMountBuilder().withName(CA_VOLUME)
                .withMountPath(CaBundleConfigMap.MOUNT_DIRECTORY).withReadOnly(true).build());
    }

}
