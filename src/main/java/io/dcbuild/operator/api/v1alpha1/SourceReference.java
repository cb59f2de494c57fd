package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An image or Feature a build pulls, as the preflight found it in the repository. */
public class SourceReference {

    @JsonPropertyDescription("What was found: DEVCONTAINER_IMAGE (the image of devcontainer.json), BASE_IMAGE (the "
            + "FROM of the stage that becomes the dev container), STAGE_IMAGE (the FROM of another stage), "
            + "COPY_FROM_IMAGE (COPY --from=<image>), MOUNT_FROM_IMAGE (RUN --mount from=<image>), FEATURE (an OCI "
            + "Feature), LOCAL_FEATURE (a Feature in the repository; nothing is pulled) or FEATURE_TARBALL (a "
            + "Feature downloaded from a URL).")
    private String kind;

    @JsonPropertyDescription("The image or Feature reference, after ARG substitution.")
    private String reference;

    @JsonPropertyDescription("Where it was found, as path:line in the repository.")
    private String source;

    public SourceReference() {
    }

    public SourceReference(String kind, String reference, String source) {
        this.kind = kind;
        this.reference = reference;
        this.source = source;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }
}
