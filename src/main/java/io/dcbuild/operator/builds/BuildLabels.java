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

    /** Label values are at most this long. */
    static final int MAX_LABEL_VALUE = 63;
    /** Object names (DNS subdomains) are at most this long. */
    static final int MAX_NAME = 253;
    private static final int HASH_DIGITS = 10;

    private BuildLabels() {
    }

    /**
     * The value of {@link #BUILD} for a build: its name, or for a name longer than a label value may be, its start
     * and a hash of the whole name (so that two long names never share a value).
     */
    public static String buildValue(String buildName) {
        return shortened(buildName, "", MAX_LABEL_VALUE);
    }

    /** The name of an object derived for a build: {@code <build><suffix>}, shortened with a hash if too long. */
    public static String derivedName(String buildName, String suffix) {
        return shortened(buildName, suffix, MAX_NAME);
    }

    private static String shortened(String name, String suffix, int max) {
        if (name.length() + suffix.length() <= max) {
            return name + suffix;
        }
        String hash = CacheKey.sha256(name).substring(0, HASH_DIGITS);
        String start = name.substring(0, max - suffix.length() - HASH_DIGITS - 1).replaceAll("[^a-zA-Z0-9]+$", "");
        return start + "-" + hash + suffix;
    }
}
