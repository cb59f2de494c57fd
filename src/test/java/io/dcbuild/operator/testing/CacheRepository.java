package io.dcbuild.operator.testing;

/**
 * The value of {@code ENVBUILDER_CACHE_REPO}: {@code host:port/path}, split into the registry and the repository
 * path, with the image references and distribution API URLs derived from it.
 */
public record CacheRepository(String registry, String path) {

    public static CacheRepository parse(String value) {
        String trimmed = value.replaceFirst("^[a-zA-Z]+://", "");
        int slash = trimmed.indexOf('/');
        if (slash <= 0 || slash == trimmed.length() - 1) {
            throw new IllegalArgumentException("cache repo must be host[:port]/path: " + value);
        }
        return new CacheRepository(trimmed.substring(0, slash), trimmed.substring(slash + 1));
    }

    /** {@code host:port/path}. */
    public String reference() {
        return registry + "/" + path;
    }

    /** {@code host:port/path:tag}. */
    public String tagged(String tag) {
        return reference() + ":" + tag;
    }

    /** {@code http(s)://host:port/v2/path/manifests/reference}. */
    public String manifestUrl(String tagOrDigest, boolean plainHttp) {
        return (plainHttp ? "http://" : "https://") + registry + "/v2/" + path + "/manifests/" + tagOrDigest;
    }
}
