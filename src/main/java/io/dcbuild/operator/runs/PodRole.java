package io.dcbuild.operator.runs;

/** What a pod of a run does. */
public enum PodRole {
    /** Asks the cache for the image before building (ENVBUILDER_GET_CACHED_IMAGE). */
    PROBE("probe"),
    /** Builds and pushes (ENVBUILDER_PUSH_IMAGE). */
    BUILD("build"),
    /** Asks the cache again after a build, to learn the digest of what was pushed. */
    VERIFY("verify");

    private final String label;

    PodRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean asksCache() {
        return this != BUILD;
    }
}
