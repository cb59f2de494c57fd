package io.dcbuild.operator.retention;

import io.dcbuild.operator.api.v1alpha1.RetentionRepositoryStatus;
import io.dcbuild.operator.api.v1alpha1.RetentionStatus;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Turns a retention report into the policy's status.retention. */
public final class RetentionStatusRecorder {

    /** A dry run lists at most this many manifests that would be deleted; the counts cover all of them. */
    static final int WOULD_DELETE_LIMIT = 50;

    private RetentionStatusRecorder() {
    }

    public static RetentionStatus of(RetentionReport report, String runRequest) {
        RetentionStatus status = new RetentionStatus();
        status.setLastRunStarted(report.startedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        status.setLastRunFinished(report.finishedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        status.setDryRun(report.dryRun());
        status.setRunRequest(runRequest);
        status.setTagsScanned(report.tagsScanned());
        status.setDeletedManifests(report.deletedDigestCount());
        status.setBytesReclaimable(report.bytesReclaimable());
        List<String> wouldDelete = new ArrayList<>();
        for (RepositoryReport repository : report.repositories()) {
            RetentionRepositoryStatus r = new RetentionRepositoryStatus();
            r.setRepository(repository.repository());
            r.setTagsScanned(repository.tagsScanned());
            r.setCacheKeyTags(repository.cacheKeyTags());
            r.setStaleTags(repository.staleTags());
            r.setDeletedManifests(repository.deletedDigests().size());
            r.setDeletedTags(repository.deletedTags().size());
            r.setKeptBecauseRecorded(repository.keptBecauseMarked());
            r.setPinned(repository.pinned().size());
            r.setBytesReclaimable(repository.bytesReclaimable());
            r.setDeletesUnsupported(repository.deletesUnsupported());
            r.setCompleted(repository.completed());
            r.setRequests(repository.requests());
            r.setErrors(new ArrayList<>(repository.errors()));
            status.getRepositories().add(r);
            if (report.dryRun()) {
                for (String digest : repository.deletedDigests()) {
                    if (wouldDelete.size() < WOULD_DELETE_LIMIT) {
                        wouldDelete.add(repository.repository() + "@" + digest);
                    }
                }
            }
        }
        status.setWouldDelete(wouldDelete);
        return status;
    }

    /** One sentence for an Event and a condition message. */
    public static String summary(RetentionReport report) {
        String verb = report.dryRun() ? "would delete" : "deleted";
        String text = (report.dryRun() ? "dry run: " : "") + "scanned " + report.tagsScanned() + " tags in "
                + report.repositories().size() + " repositories, " + verb + " " + report.deletedDigestCount()
                + " manifests (" + report.deletedTagCount() + " tags), about " + report.bytesReclaimable()
                + " bytes reclaimable by the registry's blob garbage collection";
        if (report.hasErrors()) {
            text += "; errors: " + String.join("; ", report.allErrors());
        }
        return text;
    }
}
