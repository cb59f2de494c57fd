package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.DeleteResult;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.Manifest;
import io.dcbuild.operator.registry.RegistryException;
import io.dcbuild.operator.registry.RegistryUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Mark-and-sweep of one cache repository: scan, plan ({@link SweepPlan}), pin, delete, report.
 *
 * <p>Order and failure handling keep every run safe to interrupt and the next run able to finish the job:
 * <ul>
 *   <li>the scan reads every tag before anything is decided; if it fails, nothing is changed;</li>
 *   <li>pins are put before any delete (a pin never endangers anything; deletes never touch a marked digest);</li>
 *   <li>deletes are by digest, each at most once, in digest order, up to
 *       {@link RetentionSettings#maxDeletesPerRepository()}; a digest already gone counts as deleted;</li>
 *   <li>the registry refusing a delete (405, or 400 UNSUPPORTED) ends the deletes of this repository for this run
 *       with one error and {@link RepositoryReport#deletesUnsupported()}: one DELETE request, no loop;</li>
 *   <li>the registry becoming unavailable ends this repository's sweep with an error; the next run scans again
 *       and deletes what is left.</li>
 * </ul>
 *
 * <p><b>Pins.</b> For every marked digest the sweep makes sure the tag {@code <prefix><first 40 hex of digest>}
 * points at it, by putting the same manifest bytes under that tag, so that a registry-side "delete untagged
 * manifests" job (e.g. {@code registry garbage-collect --delete-untagged}) cannot remove a recorded image that no
 * other tag references any more. Distribution 2.8 cannot delete a tag alone ({@code DELETE} by digest removes
 * every tag on the digest), so a pin is dropped by deleting its digest: when the digest is no longer marked and
 * every tag on it is a pin or a stale cache-key tag, the digest is deleted (whatever its age) and the pin goes with
 * it. When another tag on it must stay, the digest and the pin stay, listed in
 * {@link RepositoryReport#pinsLeftInPlace()}.
 *
 * <p><b>Race.</b> The registry has no conditional delete: a tag pushed onto a planned digest between the scan and
 * the delete goes with it. A cache-key tag only gets re-pushed with a new {@code created}, so a new digest, and
 * {@code latest} never points at a single-step cache image, so this needs a third party tagging stale layers.
 */
final class RetentionSweep {

    private final DistributionClient client;
    private final RetentionSettings settings;
    private final Instant now;
    private final PinTags pins;
    private final RecordedNow recordedNow;

    RetentionSweep(DistributionClient client, RetentionSettings settings, Instant now, RecordedNow recordedNow) {
        this.client = client;
        this.settings = settings;
        this.now = now;
        this.pins = new PinTags(settings.pinTagPrefix());
        this.recordedNow = recordedNow;
    }

    RepositoryReport sweep(ImageReference repository, Set<String> marked, RequestCounter requests) {
        Outcome outcome = new Outcome(repository);
        RepositoryScan scan;
        try {
            scan = new RepositoryScanner(client, settings.concurrentReads()).scan(repository.repository());
        } catch (RegistryException e) {
            outcome.errors.add("cannot read " + repository.name() + (e instanceof RegistryUnavailableException
                    ? " (registry unavailable)" : "") + ": " + e.getMessage()
                    + "; nothing was changed in this repository, the next run starts over");
            return outcome.report(null, null, false, requests);
        }
        SweepPlan plan = SweepPlan.of(scan, marked, now.minus(settings.ttl()), pins);
        outcome.errors.addAll(plan.problems());
        List<Manifest> recordedUntagged = new ArrayList<>();
        boolean available = pin(scan, plan, outcome, recordedUntagged);
        boolean completed = available && delete(scan, plan, outcome);
        return outcome.report(scan, plan, completed, requests, recordedUntagged);
    }

    /** @return false when the registry became unavailable (the sweep of this repository ends) */
    private boolean pin(RepositoryScan scan, SweepPlan plan, Outcome outcome, List<Manifest> recordedUntagged) {
        String path = scan.repository();
        for (SweepPlan.Pin pin : plan.pinsToCreate()) {
            String image = outcome.repository.name() + "@" + pin.digest();
            Manifest manifest;
            try {
                Optional<Manifest> known = Optional.ofNullable(scan.manifests().get(pin.digest()))
                        .map(ScannedManifest::manifest);
                manifest = known.isPresent() ? known.get() : client.getManifest(path, pin.digest());
                if (known.isEmpty()) {
                    recordedUntagged.add(manifest);
                }
                if (!settings.dryRun()) {
                    client.putManifest(path, pin.tag(), manifest.bytes(), manifest.mediaType());
                }
                outcome.pinned.add(pin.tag());
            } catch (RegistryUnavailableException e) {
                outcome.errors.add("registry unavailable while pinning " + image + ": " + e.getMessage()
                        + "; nothing was deleted in this repository, the next run starts over");
                return false;
            } catch (RegistryException e) {
                if (e.isNotFound()) {
                    outcome.errors.add("recorded image " + image + " is not in the registry (deleted outside the "
                            + "operator?); it cannot be pinned");
                    continue;
                }
                outcome.errors.add("cannot pin " + image + " with tag " + pin.tag() + ": " + e.getMessage()
                        + "; no further pins in this repository during this run (does the account have push "
                        + "access?)");
                return true;
            }
        }
        return true;
    }

    /**
     * Pins a digest found recorded at its delete, so that the registry's own garbage collection of untagged
     * manifests cannot take it either. A failure is reported; the digest stays in any case.
     */
    private void pinRecordedMeanwhile(RepositoryScan scan, String digest, Outcome outcome) {
        ScannedManifest scanned = scan.manifests().get(digest);
        if (scanned == null) {
            return; // every planned deletion was scanned; nothing to pin from
        }
        try {
            client.putManifest(scan.repository(), pins.tagFor(digest), scanned.manifest().bytes(),
                    scanned.manifest().mediaType());
            outcome.pinned.add(pins.tagFor(digest));
        } catch (RegistryException e) {
            outcome.errors.add("cannot pin " + outcome.repository.name() + "@" + digest + ", recorded by a build "
                    + "during this run (it stays): " + e.getMessage());
        }
    }

    /** @return whether every planned delete was done */
    private boolean delete(RepositoryScan scan, SweepPlan plan, Outcome outcome) {
        String path = outcome.repository.repository();
        List<SweepPlan.Deletion> deletions = plan.deletions();
        for (int i = 0; i < deletions.size(); i++) {
            SweepPlan.Deletion deletion = deletions.get(i);
            if (settings.deleteLimitReached(i)) {
                outcome.deferred = deletions.size() - i;
                return true;
            }
            if (settings.dryRun()) {
                outcome.deleted(deletion, pins);
                continue;
            }
            if (recordedNow.isRecorded(outcome.repository, deletion.digest())) {
                // a build recorded it after the marks were read: it stays, pinned like any recorded image
                outcome.recordedMeanwhile.add(deletion.digest());
                pinRecordedMeanwhile(scan, deletion.digest(), outcome);
                continue;
            }
            try {
                DeleteResult result = client.deleteManifest(path, deletion.digest());
                if (result == DeleteResult.UNSUPPORTED) {
                    outcome.deletesUnsupported = true;
                    outcome.errors.add("registry " + client.registryHost() + " refuses manifest deletes in "
                            + path + " (HTTP 405 or 400 UNSUPPORTED): " + (deletions.size() - i) + " stale "
                            + "digest(s) stay; allow deletes (distribution: storage.delete.enabled: true) or "
                            + "clean up with the registry's own retention");
                    return false;
                }
                outcome.deleted(deletion, pins);
            } catch (RegistryUnavailableException e) {
                outcome.errors.add("registry unavailable after deleting " + i + " of " + deletions.size()
                        + " stale digest(s) in " + outcome.repository.name() + ": " + e.getMessage()
                        + "; the next run deletes the rest");
                return false;
            } catch (RegistryException e) {
                outcome.errors.add("cannot delete " + outcome.repository.name() + "@" + deletion.digest() + ": "
                        + e.getMessage() + "; no further deletes in this repository during this run (does the "
                        + "account have delete access?)");
                return false;
            }
        }
        return true;
    }

    /** What the sweep of one repository did so far. */
    private static final class Outcome {

        private final ImageReference repository;
        private final List<String> errors = new ArrayList<>();
        private final List<String> pinned = new ArrayList<>();
        private final List<String> deletedDigests = new ArrayList<>();
        private final List<String> deletedTags = new ArrayList<>();
        private final List<String> unpinned = new ArrayList<>();
        private final List<String> recordedMeanwhile = new ArrayList<>();
        private boolean deletesUnsupported;
        private int deferred;

        Outcome(ImageReference repository) {
            this.repository = repository;
        }

        void deleted(SweepPlan.Deletion deletion, PinTags pins) {
            deletedDigests.add(deletion.digest());
            deletedTags.addAll(deletion.tags());
            deletion.tags().stream().filter(tag -> pins.isPinOf(tag, deletion.digest())).forEach(unpinned::add);
        }

        RepositoryReport report(RepositoryScan scan, SweepPlan plan, boolean completed, RequestCounter requests) {
            return report(scan, plan, completed, requests, List.of());
        }

        RepositoryReport report(RepositoryScan scan, SweepPlan plan, boolean completed, RequestCounter requests,
                List<Manifest> recordedUntagged) {
            long bytes = 0;
            if (scan != null) {
                Set<String> gone = new HashSet<>(deletedDigests);
                List<Manifest> deleted = new ArrayList<>();
                List<Manifest> kept = new ArrayList<>(recordedUntagged);
                scan.manifests().forEach((digest, scanned) ->
                        (gone.contains(digest) ? deleted : kept).add(scanned.manifest()));
                bytes = ReclaimableBytes.of(deleted, kept);
            }
            List<String> sortedDigests = new ArrayList<>(deletedDigests);
            sortedDigests.sort(null);
            List<String> sortedTags = new ArrayList<>(deletedTags);
            sortedTags.sort(null);
            unpinned.sort(null);
            return new RepositoryReport(repository.name(),
                    scan == null ? 0 : scan.listedTags().size(),
                    plan == null ? 0 : plan.cacheKeyTags(),
                    plan == null ? 0 : plan.staleTags().size(),
                    sortedDigests, sortedTags,
                    (plan == null ? 0 : plan.keptBecauseMarked()) + recordedMeanwhile.size(),
                    plan == null ? 0 : plan.keptBecauseTagged(),
                    pinned, unpinned,
                    plan == null ? List.of() : plan.pinsLeftInPlace(),
                    deferred, bytes, errors, deletesUnsupported, completed, requests.count());
        }
    }
}
