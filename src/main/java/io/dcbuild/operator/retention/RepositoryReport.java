package io.dcbuild.operator.retention;

import java.util.List;

/**
 * What a retention run found and did in one cache repository. In a dry run the lists say what a real run would
 * have deleted and pinned; nothing was changed.
 *
 * @param repository         {@code registry/path}
 * @param tagsScanned        tags the listing returned
 * @param cacheKeyTags       of those, cache-key tags (64 lowercase hex)
 * @param staleTags          cache-key tags older than the TTL (deleted or not)
 * @param deletedDigests     manifests deleted (or, in a dry run, that would be), sorted
 * @param deletedTags        the tags that went with them: stale cache-key tags and dropped pin tags, sorted
 * @param keptBecauseMarked  digests with a stale cache-key tag kept because a build recorded them (also those a
 *                           build recorded while the run went on: the fence before each delete)
 * @param keptBecauseTagged  digests with a stale cache-key tag kept because another tag on them must stay
 * @param pinned             pin tags created by this run (or that would be)
 * @param unpinned           pin tags removed by this run, with the digest they were on (or that would be)
 * @param pinsLeftInPlace    pin tags of images no longer recorded that stay, because their digest carries a tag
 *                           that must stay (a tag cannot be deleted alone on distribution 2.8); remove by hand
 * @param deferredDigests    stale digests left for the next run because of
 *                           {@link RetentionSettings#maxDeletesPerRepository()}
 * @param bytesReclaimable   estimate of what the registry's blob GC can free afterwards, see
 *                           {@link ReclaimableBytes}
 * @param errors             what went wrong, one sentence each, for people
 * @param deletesUnsupported the registry refused a manifest delete (405, or 400 UNSUPPORTED); nothing more was
 *                           tried in this repository during this run
 * @param completed          the sweep went to the end; false when it stopped early (see {@code errors})
 * @param requests           HTTP requests sent to the registry (token requests included)
 */
public record RepositoryReport(String repository, int tagsScanned, int cacheKeyTags, int staleTags,
        List<String> deletedDigests, List<String> deletedTags, int keptBecauseMarked, int keptBecauseTagged,
        List<String> pinned, List<String> unpinned, List<String> pinsLeftInPlace, int deferredDigests,
        long bytesReclaimable,
        List<String> errors, boolean deletesUnsupported, boolean completed, int requests) {

    public RepositoryReport {
        deletedDigests = List.copyOf(deletedDigests);
        deletedTags = List.copyOf(deletedTags);
        pinned = List.copyOf(pinned);
        unpinned = List.copyOf(unpinned);
        pinsLeftInPlace = List.copyOf(pinsLeftInPlace);
        errors = List.copyOf(errors);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
