package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One attempt to get the image of a cache key in a namespace: the single writer of its probe, builder and verify
 * pods (they carry it as their controller), and, once finished, the record "this key has this image". Builds
 * create it idempotently (its name derives from the key), follow its status, and never write it again, but for one
 * annotation: {@link #SOURCE_MOVED_ANNOTATION}, set by a build that found the ref moved while the run's pods cloned
 * it (the run's image may then hold another commit than spec.commit, and no build takes it).
 */
@Group(DevContainerBuild.GROUP)
@Version(DevContainerBuild.VERSION)
@ShortNames("dcbrun")
@JsonClassDescription("DevContainerBuildRun is created by the operator: one attempt to get the image of a cache key "
        + "(commit and settings) in a namespace, shared by every DevContainerBuild of that key. It alone creates and "
        + "deletes the probe, builder and verify pods, and records the image in status.image. Do not create or edit "
        + "runs by hand.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Probing, Building, Verifying, Succeeded or Failed.")
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.image", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The image of the cache key, as <cache repo>@sha256:<hex>.")
@AdditionalPrinterColumn(name = "Commit", jsonPath = ".spec.commit", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The commit the pods build.")
@AdditionalPrinterColumn(name = "Requested-By", jsonPath = ".spec.requestedBy",
        type = AdditionalPrinterColumn.Type.STRING, getDescription = "The build that created the run.")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the run was created.")
public class DevContainerBuildRun extends CustomResource<DevContainerBuildRunSpec, DevContainerBuildRunStatus>
        implements Namespaced {

    /**
     * Set (to the commit the ref had moved to) by a build whose check after the run found the ref no longer at
     * spec.commit: the pods clone the ref's tip, so the run's image may hold a later commit. Such a run is passed over
     * like a failed one: its image is recorded for no commit.
     */
    public static final String SOURCE_MOVED_ANNOTATION = DevContainerBuild.GROUP + "/source-moved";


    @Override
    @JsonPropertyDescription("Written once by the build that creates the run: the cache key, commit and ref, the "
            + "cache repository and the pod specs of the three steps. Never changed afterwards.")
    public DevContainerBuildRunSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Written only by the operator's run controller: the phase, the current pod, the image.")
    public DevContainerBuildRunStatus getStatus() {
        return super.getStatus();
    }
}
