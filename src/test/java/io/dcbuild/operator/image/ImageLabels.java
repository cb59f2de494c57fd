package io.dcbuild.operator.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The image's OCI annotations as config labels ({@code org.opencontainers.image.*}): what it is, which version and
 * commit it was built from, and the base image. A label whose value is not known is left out rather than guessed.
 * The base image's own labels stay in the image unless one of these replaces them (Jib keeps them).
 *
 * @param source   the repository's URL, when given
 * @param revision the commit the image was built from, when known ({@code -dirty} appended for uncommitted changes)
 * @param licenses an SPDX expression, when the project has a licence
 * @param baseName the base image as it was named
 */
record ImageLabels(String title, String description, String version, Optional<String> source,
        Optional<String> revision, Optional<String> licenses, String baseName) {

    static final String PREFIX = "org.opencontainers.image.";

    Map<String, String> asMap() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PREFIX + "title", title);
        labels.put(PREFIX + "description", description);
        labels.put(PREFIX + "version", version);
        source.ifPresent(value -> labels.put(PREFIX + "source", value));
        revision.ifPresent(value -> labels.put(PREFIX + "revision", value));
        licenses.ifPresent(value -> labels.put(PREFIX + "licenses", value));
        labels.put(PREFIX + "base.name", baseName);
        return labels;
    }
}
