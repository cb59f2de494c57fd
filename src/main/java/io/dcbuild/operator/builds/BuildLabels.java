package io.dcbuild.operator.builds;

/** Labels and names the operator puts on what it creates. */
public final class BuildLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "devcontainer-build-operator";
    public static final String MANAGED_BY_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;
    /** The build that created the object (pods may serve several builds with the same cache key). */
    public static final String BUILD = "dcbuild.io/build";
    /** probe, build or verify. */
    public static final String ROLE = "dcbuild.io/role";
    /** The first 32 hex digits of the cache key (label values are limited to 63 characters). */
    public static final String CACHE_KEY = "dcbuild.io/cache-key";

    public static final String CONTAINER_NAME = "envbuilder";

    private BuildLabels() {
    }
}
