package io.dcbuild.operator.builds;

/** What a run builds: the cache key, and the commit and full ref the pods clone. */
public record BuildRun(String cacheKey, String commit, String gitRef) {
}
