package io.dcbuild.operator.registry;

import java.util.regex.Pattern;

/** The pieces of the OCI distribution reference grammar that the registry package validates. */
final class ReferenceGrammar {

    /** One path component: lowercase alphanumerics joined by {@code .}, {@code _}, {@code __} or dashes. */
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    private ReferenceGrammar() {
    }

    static boolean isDigest(String value) {
        return value != null && SHA256_DIGEST.matcher(value).matches();
    }

    static String requireDigest(String digest) {
        if (digest == null || digest.isEmpty()) {
            throw new IllegalArgumentException("digest is missing; expected sha256: followed by 64 lowercase hex");
        }
        if (!isDigest(digest)) {
            throw new IllegalArgumentException("invalid digest '" + digest
                    + "': expected sha256: followed by 64 lowercase hex characters");
        }
        return digest;
    }

    static String requireTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid tag '" + tag + "': a tag has 1 to 128 characters of "
                    + "letters, digits, '_', '.' and '-', and does not start with '.' or '-'");
        }
        return tag;
    }

    static String requireRepository(String repository) {
        if (repository == null || repository.isEmpty()) {
            throw new IllegalArgumentException("repository name is empty");
        }
        if (repository.length() > 255) {
            throw new IllegalArgumentException("repository name is longer than 255 characters: " + repository);
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid repository name '" + repository + "': each '/'-separated"
                        + " part must be lowercase letters and digits, optionally joined by '.', '_', '__' or '-'");
            }
        }
        return repository;
    }

    static String requireHost(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid registry host '" + host + "': expected host or host:port");
        }
        return host;
    }

    /** Whether the first path segment of a reference names a registry rather than a repository part. */
    static boolean looksLikeHost(String firstSegment) {
        return firstSegment.contains(".") || firstSegment.contains(":") || firstSegment.equals("localhost")
                || firstSegment.startsWith("[") || !firstSegment.equals(firstSegment.toLowerCase(java.util.Locale.ROOT));
    }
}
