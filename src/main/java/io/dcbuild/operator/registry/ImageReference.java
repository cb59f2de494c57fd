package io.dcbuild.operator.registry;

/**
 * A parsed image reference {@code [host[:port]/]path[:tag][@sha256:hex]}.
 *
 * <p>References without a host are Docker Hub references: the registry is {@code docker.io} and a single-segment
 * name gets the {@code library/} prefix ({@code ubuntu} is {@code docker.io/library/ubuntu}). The registry API of
 * Docker Hub lives at {@link #DOCKER_HUB_API_HOST}, see {@link #apiHost()}.
 *
 * @param registry   registry host, with port if any ({@code docker.io} for Docker Hub)
 * @param repository repository path without the host
 * @param tag        tag, or null when the reference has none
 * @param digest     {@code sha256:<64 hex>}, or null when the reference has none
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
    public static final String DEFAULT_TAG = "latest";

    public ImageReference {
        ReferenceGrammar.requireHost(registry);
        ReferenceGrammar.requireRepository(repository);
        if (tag != null) {
            ReferenceGrammar.requireTag(tag);
        }
        if (digest != null) {
            ReferenceGrammar.requireDigest(digest);
        }
    }

    /**
     * Parses a reference as written by people and tools.
     *
     * @throws IllegalArgumentException naming what is wrong with the reference
     */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("image reference is empty");
        }
        if (!reference.equals(reference.strip())) {
            throw new IllegalArgumentException("image reference '" + reference + "' has leading or trailing spaces");
        }
        try {
            return parseTrimmed(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid image reference '" + reference + "': " + e.getMessage(), e);
        }
    }

    private static ImageReference parseTrimmed(String reference) {
        String remainder = reference;
        String digest = null;
        int at = remainder.indexOf('@');
        if (at >= 0) {
            digest = ReferenceGrammar.requireDigest(remainder.substring(at + 1));
            remainder = remainder.substring(0, at);
        }

        String registry = DOCKER_HUB;
        int slash = remainder.indexOf('/');
        if (slash > 0 && ReferenceGrammar.looksLikeHost(remainder.substring(0, slash))) {
            registry = remainder.substring(0, slash);
            remainder = remainder.substring(slash + 1);
        }

        String tag = null;
        int colon = remainder.lastIndexOf(':');
        if (colon >= 0 && colon > remainder.lastIndexOf('/')) {
            tag = ReferenceGrammar.requireTag(remainder.substring(colon + 1));
            remainder = remainder.substring(0, colon);
        }

        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        String repository = ReferenceGrammar.requireRepository(remainder); // as written, before "library/"
        if (registry.equals(DOCKER_HUB) && !repository.contains("/") && !repository.isEmpty()) {
            repository = "library/" + repository;
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    /** The host to call for the registry API: {@code registry-1.docker.io} for Docker Hub, else {@link #registry()}. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API_HOST : registry;
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    /** What to ask the registry for: the digest if there is one, else the tag, else {@code latest}. */
    public String reference() {
        if (digest != null) {
            return digest;
        }
        return tag != null ? tag : DEFAULT_TAG;
    }

    public boolean hasDigest() {
        return digest != null;
    }

    /** This reference pinned to {@code digest}; the tag, if any, is kept. */
    public ImageReference withDigest(String newDigest) {
        return new ImageReference(registry, repository, tag, ReferenceGrammar.requireDigest(newDigest));
    }

    /** This reference with {@code newTag}; the digest, if any, is kept. */
    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, ReferenceGrammar.requireTag(newTag), digest);
    }

    /** This reference with neither tag nor digest. */
    public ImageReference repositoryOnly() {
        return new ImageReference(registry, repository, null, null);
    }

    /** Canonical form {@code registry/repository[:tag][@digest]}, e.g. {@code docker.io/library/ubuntu:22.04}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name());
        if (tag != null) {
            text.append(':').append(tag);
        }
        if (digest != null) {
            text.append('@').append(digest);
        }
        return text.toString();
    }
}
