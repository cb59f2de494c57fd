package io.dcbuild.operator.source;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.Transport;

/**
 * Fetches, into the repository of a partial fetch (trees, no blobs), the blobs a snapshot goes on to read: the tree
 * of a folder with its files up to the size the preflight reads, or one file.
 *
 * <p>The objects are asked for by id, as Git's partial clone does: GitHub, GitLab and JGit (with
 * {@code uploadpack.allowfilter}) serve wants of reachable trees and blobs. Nothing is negotiated: the repository
 * holds no ref, so no "have" is sent, which would tell the server that the blobs of the fetched commit are here
 * already. Every response is limited in size (a blob larger than the preflight reads is not received whole) and, in
 * memory, counted against the budget of the first fetch.
 */
final class BlobBackfill {

    /**
     * What a response may hold beyond the file itself: the pack's header, trailer and object header, zlib's framing
     * (a few bytes for each 16 KiB block of incompressible data) and the side-band packet headers, well under this.
     */
    private static final long PROTOCOL_BYTES = 16 * 1024;
    /** A folder's fetch may receive what this many files of the largest size read would; beyond, files one by one. */
    private static final int FOLDER_FILES = 4;

    private final String url;
    private final String refName;
    private final GitAccess access;
    private final int timeoutSeconds;
    private final long maxFileBytes;
    private final FetchedRepository fetched;

    /**
     * @param refName the ref the commit was resolved from: over protocol v2 only refs under that name are listed
     *                (the wants are ids, no ref is needed, and a full listing can be large)
     */
    BlobBackfill(String url, String refName, GitAccess access, int timeoutSeconds, long maxFileBytes,
            FetchedRepository fetched) {
        this.url = url;
        this.refName = refName;
        this.access = access;
        this.timeoutSeconds = timeoutSeconds;
        this.maxFileBytes = maxFileBytes;
        this.fetched = fetched;
    }

    /**
     * Fetches the tree {@code folder} with every file under it of at most the size read, in one request. Best effort:
     * when that fails or the folder's files are too large together, the files are fetched one by one as they are read.
     *
     * @return whether the folder's files arrived
     */
    boolean fetchFolder(ObjectId folder) {
        try {
            // git leaves out blobs of at least the limit, JGit those above it: files of exactly maxFileBytes come
            return fetch(folder, FilterSpec.fromFilterLine("blob:limit=" + (maxFileBytes + 1)),
                    FOLDER_FILES * fileResponseLimit());
        } catch (PackProtocolException | PartialFetchUnavailable e) {
            return false;
        }
    }

    /**
     * Fetches the blob of the file at {@code path}.
     *
     * @throws DevcontainerContentException of kind {@code TOO_LARGE} when the server sends more than a file of the
     *                                      largest size read would need: the file is larger, and is not received
     * @throws PartialFetchUnavailable      when the server refuses the want or the blob cannot be received
     */
    void fetchFile(ObjectId blob, String path) throws DevcontainerContentException, PartialFetchUnavailable {
        if (!fetch(blob, FilterSpec.NO_FILTER, fileResponseLimit())) {
            throw new DevcontainerContentException(DevcontainerContentException.Kind.TOO_LARGE,
                    SourceLocation.file(path), "the file has more than " + maxFileBytes + " bytes; the preflight "
                            + "reads files of at most " + maxFileBytes + " bytes");
        }
        try {
            if (!fetched.repository().getObjectDatabase().has(blob)) {
                throw new PartialFetchUnavailable("the server of " + url + " did not send the blob " + blob.name()
                        + " of " + path, null);
            }
        } catch (IOException e) {
            throw new PartialFetchUnavailable("the blob " + blob.name() + " of " + path + " cannot be read", e);
        }
    }

    private long fileResponseLimit() {
        return maxFileBytes + maxFileBytes / 1024 + PROTOCOL_BYTES;
    }

    /** Fetches {@code want} with what {@code filter} lets through; false when the response went past the limit. */
    private boolean fetch(ObjectId want, FilterSpec filter, long responseLimit) throws PartialFetchUnavailable {
        ResponseByteLimit limit = new ResponseByteLimit(responseLimit);
        try (Transport transport = Transport.open(fetched.repository(), url)) {
            access.transportConfig(body -> fetched.memory().apply(limit.count(body))).configure(transport);
            transport.setTimeout(timeoutSeconds);
            transport.setFilterSpec(filter);
            try (FetchConnection connection = transport.openFetch(List.of(), refName)) {
                limit.start();
                connection.fetch(NullProgressMonitor.INSTANCE,
                        List.of(new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, want.name(), want)), Set.of());
            }
            return true;
        } catch (TransportException | NotSupportedException | URISyntaxException e) {
            if (limit.exceeded()) {
                return false;
            }
            throw new PartialFetchUnavailable("fetching the object " + want.name() + " from " + url + " failed: "
                    + GitSourceFailure.rootMessage(e), e);
        }
    }
}
