package io.dcbuild.operator.retention;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one cache repository holds, as far as tags can show it: every listed tag, the digest it resolved to, and
 * each tagged manifest once. Untagged manifests are invisible here (distribution has no API to list them).
 */
final class RepositoryScan {

    private final String repository;
    private final List<String> listedTags;
    private final Map<String, String> digestByTag;
    private final Map<String, ScannedManifest> manifests;
    private final List<String> vanishedTags;

    RepositoryScan(String repository, List<String> listedTags, Map<String, String> digestByTag,
            Map<String, ScannedManifest> manifests, List<String> vanishedTags) {
        this.repository = repository;
        this.listedTags = List.copyOf(listedTags);
        this.digestByTag = Collections.unmodifiableMap(new LinkedHashMap<>(digestByTag));
        this.manifests = Collections.unmodifiableMap(new LinkedHashMap<>(manifests));
        this.vanishedTags = List.copyOf(vanishedTags);
    }

    /** The repository path, without the registry. */
    String repository() {
        return repository;
    }

    /** Every tag the listing returned, in the registry's order. */
    List<String> listedTags() {
        return listedTags;
    }

    /** Tags that resolved, to the digest they pointed at when read. */
    Map<String, String> digestByTag() {
        return digestByTag;
    }

    /** Tagged manifests by digest. */
    Map<String, ScannedManifest> manifests() {
        return manifests;
    }

    /** Listed tags that were gone by the time their manifest was read (deleted or moved concurrently). */
    List<String> vanishedTags() {
        return vanishedTags;
    }

    /** Digest to the tags on it, each sorted: the tags a {@code DELETE} of that digest would remove. */
    Map<String, Collection<String>> tagsByDigest() {
        Map<String, Collection<String>> tags = new TreeMap<>();
        digestByTag.forEach((tag, digest) -> tags.computeIfAbsent(digest, d -> new TreeSet<>()).add(tag));
        return tags;
    }

    /** Listed tags that are cache keys, resolved or not. */
    int cacheKeyTagCount() {
        return (int) listedTags.stream().filter(TagRole::isCacheKey).count();
    }
}
