package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.DistributionClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The tags of one repository and the digest each points at, read with the operator's own client. */
record TagSnapshot(Map<String, String> digestByTag) {

    static TagSnapshot of(DistributionClient client, String repository) {
        Map<String, String> tags = new TreeMap<>();
        for (String tag : client.listTags(repository)) {
            client.headManifest(repository, tag).ifPresent(found -> tags.put(tag, found.digest()));
        }
        return new TagSnapshot(tags);
    }

    Set<String> tags() {
        return new TreeSet<>(digestByTag.keySet());
    }

    Set<String> digests() {
        return new TreeSet<>(digestByTag.values());
    }

    /** Tags here that {@code later} no longer has. */
    Set<String> tagsGoneIn(TagSnapshot later) {
        Set<String> gone = tags();
        gone.removeAll(later.digestByTag().keySet());
        return gone;
    }
}
