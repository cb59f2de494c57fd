package io.dcbuild.operator.builds;

/**
 * One attempt to get an image for a cache key. Pod names derive from the key alone, so that builds with the same
 * key in one namespace meet at the same pods (single flight): the API server refuses a second pod of that name.
 */
public record BuildRun(String cacheKey, String commit, String gitRef) {

    public String podName(PodRole role) {
        return "dcb-" + cacheKey.substring(0, 20) + "-" + role.label();
    }

    public String cacheKeyLabel() {
        return cacheKey.substring(0, 32);
    }
}
