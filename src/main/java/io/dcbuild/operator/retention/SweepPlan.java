package io.dcbuild.operator.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decisions of a sweep over one scanned repository, made before anything is changed, without registry calls.
 *
 * <p>Per digest, from all the tags on it (a {@code DELETE} by digest removes every one of them):
 * <ol>
 *   <li>marked (recorded in a build status): kept, and pinned if its pin tag is missing;</li>
 *   <li>carrying a tag that must stay ({@code latest}, foreign tags, referrer tags), a fresh cache-key tag, or a
 *       cache-key tag of unknown age: kept; its stale cache-key tags and pin tags stay with it;</li>
 *   <li>otherwise, when all its tags are stale cache-key tags or the operator's own pin tags: deleted, once,
 *       taking all those tags with it. A digest whose only tags are pins (an image that left every history) is
 *       deleted whatever its age: that is how a pin is dropped, as distribution 2.8 cannot delete a tag alone.</li>
 * </ol>
 *
 * @param cacheKeyTags      listed tags that are cache keys
 * @param staleTags         cache-key tags older than the cutoff, sorted (kept or not)
 * @param deletions         digests to delete with the tags that go with them, sorted by digest
 * @param keptBecauseMarked digests with a stale cache-key tag that are kept because a build recorded them
 * @param keptBecauseTagged digests with a stale cache-key tag that are kept because another tag on them must stay
 * @param pinsToCreate      marked digests whose pin tag is missing (or points elsewhere), sorted by digest
 * @param pinsPresent       pin tags already on their marked digest
 * @param pinsLeftInPlace   pin tags of digests no longer marked that stay because another tag on the digest must
 * @param problems          sentences for the report
 */
record SweepPlan(int cacheKeyTags, List<String> staleTags, List<Deletion> deletions, int keptBecauseMarked,
        int keptBecauseTagged, List<Pin> pinsToCreate, List<String> pinsPresent, List<String> pinsLeftInPlace,
        List<String> problems) {

    /** Delete {@code digest}, which removes {@code tags}. */
    record Deletion(String digest, List<String> tags) {
    }

    /** Tag {@code digest} with {@code tag}. */
    record Pin(String digest, String tag) {
    }

    static SweepPlan of(RepositoryScan scan, Set<String> marked, Instant cutoff, PinTags pins) {
        List<String> stale = new ArrayList<>();
        List<Deletion> deletions = new ArrayList<>();
        List<String> pinsLeft = new ArrayList<>();
        List<String> unknownAge = new ArrayList<>();
        int keptMarked = 0;
        int keptTagged = 0;
        for (Map.Entry<String, Collection<String>> entry : scan.tagsByDigest().entrySet()) {
            String digest = entry.getKey();
            ScannedManifest manifest = scan.manifests().get(digest);
            Optional<Instant> created = manifest.created();
            List<String> removable = new ArrayList<>();
            boolean mustStay = false;
            boolean hasStale = false;
            for (String tag : entry.getValue()) {
                switch (TagRole.of(tag, digest, pins)) {
                    case CACHE_KEY -> {
                        if (created.isEmpty()) {
                            unknownAge.add(tag + " (" + manifest.createdProblem() + ")");
                            mustStay = true;
                        } else if (created.get().isBefore(cutoff)) {
                            stale.add(tag);
                            removable.add(tag);
                            hasStale = true;
                        } else {
                            mustStay = true;
                        }
                    }
                    case OWN_PIN -> removable.add(tag);
                    case MUST_STAY -> mustStay = true;
                }
            }
            if (marked.contains(digest)) {
                keptMarked += hasStale ? 1 : 0;
            } else if (mustStay) {
                keptTagged += hasStale ? 1 : 0;
                entry.getValue().stream().filter(tag -> TagRole.of(tag, digest, pins) == TagRole.OWN_PIN)
                        .forEach(pinsLeft::add);
            } else if (!removable.isEmpty()) {
                deletions.add(new Deletion(digest, List.copyOf(removable)));
            }
        }
        List<Pin> pinsToCreate = new ArrayList<>();
        List<String> pinsPresent = new ArrayList<>();
        for (String digest : marked) {
            String tag = pins.tagFor(digest);
            if (digest.equals(scan.digestByTag().get(tag))) {
                pinsPresent.add(tag);
            } else {
                pinsToCreate.add(new Pin(digest, tag));
            }
        }
        List<String> problems = new ArrayList<>();
        if (!unknownAge.isEmpty()) {
            problems.add(unknownAge.size() + " cache-key tag(s) in " + scan.repository()
                    + " kept because their age cannot be read, e.g. " + unknownAge.get(0));
        }
        stale.sort(null);
        pinsToCreate.sort((a, b) -> a.digest().compareTo(b.digest()));
        pinsPresent.sort(null);
        pinsLeft.sort(null);
        return new SweepPlan(scan.cacheKeyTagCount(), List.copyOf(stale), List.copyOf(deletions), keptMarked,
                keptTagged, List.copyOf(pinsToCreate), List.copyOf(pinsPresent), List.copyOf(pinsLeft),
                List.copyOf(problems));
    }
}
