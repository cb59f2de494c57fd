package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.RunPodTemplates;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.runs.PodRole;
import io.dcbuild.operator.runs.RunNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.Optional;

/**
 * The pod specs of a run's probe, builder and verify steps. Safety settings are the same for every role: no service
 * account token, never restarted, a deadline, resources, not privileged (Envbuilder needs root, not privileges),
 * the runtime's default seccomp profile, no raw sockets, and no privilege escalation outside the builder (see README).
 */
public class BuilderPodFactory {

    static final String CA_VOLUME = "dcbuild-ca-bundle";

    private final PlainHttpRegistries plainHttpRegistries;

    public BuilderPodFactory(PlainHttpRegistries plainHttpRegistries) {
        this.plainHttpRegistries = plainHttpRegistries;
    }

    /** The pod specs of the three roles, as a run stores them (the run names and labels the pods). */
    public RunPodTemplates templates(BuildSettings settings, BuildRun run, DerivedObjects derived) {
        RunPodTemplates templates = new RunPodTemplates();
        templates.setProbe(spec(settings, run, PodRole.PROBE, derived));
        templates.setBuild(spec(settings, run, PodRole.BUILD, derived));
        templates.setVerify(spec(settings, run, PodRole.VERIFY, derived));
        return templates;
    }

    /** The pod a role of the run would get in the build's namespace, as the preflight command shows it. */
    public Pod preview(DevContainerBuild build, BuildSettings settings, BuildRun run, PodRole role,
            DerivedObjects derived) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(RunNames.of(run.cacheKey(), Optional.empty(), 1) + "-" + role.label())
                    .withNamespace(build.getMetadata().getNamespace())
                    .addToLabels(BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE)
                    .addToLabels(BuildLabels.BUILD, BuildLabels.buildValue(build.getMetadata().getName()))
                    .addToLabels(BuildLabels.ROLE, role.label())
                .endMetadata()
                .withSpec(spec(settings, run, role, derived))
                .build();
    }

    PodSpec spec(BuildSettings settings, BuildRun run, PodRole role, DerivedObjects derived) {
        PodSpec spec = new PodSpecBuilder()
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
                            // probe and verify pods run no RUN step: no setuid program (sudo) needs to gain
                            // privileges there; a builder pod's RUN steps may use sudo, as dev container images do
                            .withAllowPrivilegeEscalation(role == PodRole.BUILD ? null : false)
                            .withNewCapabilities().withDrop("NET_RAW").endCapabilities()
                            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .endSecurityContext()
                    .endContainer()
                    .withNodeSelector(settings.policy().nodeSelector().isEmpty() ? null
                            : settings.policy().nodeSelector())
                    .withTolerations(settings.policy().tolerations())
                .build();
        derived.caBundleConfigMap().ifPresent(configMap -> mountCaBundle(spec, configMap));
        return spec;
    }

    /** The CA bundle file for SSL_CERT_FILE, under /var/run (Envbuilder leaves mounts there alone). */
    private static void mountCaBundle(PodSpec spec, String configMap) {
        spec.getVolumes().add(new VolumeBuilder().withName(CA_VOLUME)
                .withNewConfigMap().withName(configMap)
                    .addNewItem().withKey(CaBundleConfigMap.PEM_KEY).withPath(CaBundleConfigMap.PEM_KEY).endItem()
                .endConfigMap().build());
        spec.getContainers().get(0).getVolumeMounts().add(new VolumeMountBuilder().withName(CA_VOLUME)
                .withMountPath(CaBundleConfigMap.MOUNT_DIRECTORY).withReadOnly(true).build());
    }

}
