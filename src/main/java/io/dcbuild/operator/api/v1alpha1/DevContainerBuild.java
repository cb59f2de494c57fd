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
 * A request to build the dev container of one git repository and ref with Envbuilder, using a remote layer cache,
 * and to record the digest of the cached image in status.
 *
 * <p>For {@code kubectl explain}: the Fabric8 CRD generator (7.5) reads property descriptions only, so the
 * descriptions of {@code spec} and {@code status} are on the getters below; the description of the kind itself
 * ({@link JsonClassDescription}) needs a build-time CRD post-processor. For {@code kubectl get}: the printer columns
 * are declared in the order they should be shown, Age last; the generator itself sorts them by JSON path, so that
 * order too needs the post-processor.
 */
@Group(DevContainerBuild.GROUP)
@Version(DevContainerBuild.VERSION)
@ShortNames("dcb")
@JsonClassDescription("DevContainerBuild builds the dev container of a git repository and ref with Envbuilder, "
        + "reusing a remote layer cache, and records the digest of the cached image (repo@sha256:...) in "
        + "status.image. The operator polls the ref and builds again when it moves to a new commit.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Where the build stands: Pending, Probing, Building, Verifying, Ready, Failed or Stalled.")
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.image", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The latest recorded image, as <cache repo>@sha256:<hex>.")
@AdditionalPrinterColumn(name = "Commit", jsonPath = ".status.commit", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The commit the ref resolved to for the latest run.")
@AdditionalPrinterColumn(name = "Cache", jsonPath = ".status.cacheHit", type = AdditionalPrinterColumn.Type.BOOLEAN,
        getDescription = "Whether the latest recorded image was found in the cache without building.")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the build was created.")
public class DevContainerBuild extends CustomResource<DevContainerBuildSpec, DevContainerBuildStatus>
        implements Namespaced {

    public static final String GROUP = "dcbuild.io";
    public static final String VERSION = "v1alpha1";
    /** Annotation whose new value asks for a new build of the same inputs. */
    public static final String REBUILD_ANNOTATION = GROUP + "/rebuild";

    @Override
    @JsonPropertyDescription("What to build: the git repository and ref, the layer cache repository, credentials, "
            + "builder pod settings and how often the ref is polled. DevContainerBuildPolicies selecting the "
            + "namespace may fill in defaults and restrict the values allowed.")
    public DevContainerBuildSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Written by the operator only: the phase, the commit and cache key of the latest run, "
            + "the recorded image digest and its history, what the build pulls, and conditions.")
    public DevContainerBuildStatus getStatus() {
        return super.getStatus();
    }
}
