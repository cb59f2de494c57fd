package io.dcbuild.operator.source;

import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/** Resolves a branch or tag to a commit as {@code git ls-remote} does: no clone, one request to the server. */
public class GitRefResolver {

    private final int timeoutSeconds;

    public GitRefResolver(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public ResolvedRef resolve(String url, String ref, Optional<GitCredentials> credentials)
            throws GitSourceException {
        return resolve(url, ref, GitAccess.of(credentials));
    }

    public ResolvedRef resolve(String url, String ref, GitAccess access) throws GitSourceException {
        List<String> candidates = candidateNames(ref);
        Map<String, Ref> refs = advertisedRefs(url, candidates, access);
        for (String candidate : candidates) {
            Ref found = refs.get(candidate);
            if (found != null) {
                ObjectId peeled = found.getPeeledObjectId();
                ObjectId id = peeled != null ? peeled : found.getObjectId();
                return new ResolvedRef(found.getName(), id.name());
            }
        }
        throw new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND,
                "the repository " + url + " has no branch or tag named '" + ref + "'", null);
    }

    /** JGit's connection class for servers that speak only the dumb protocol. */
    private static final String DUMB_CONNECTION = "WalkFetchConnection";

    /** A short name is looked up as a branch first, then as a tag. */
    static List<String> candidateNames(String ref) {
        if (ref.startsWith("refs/")) {
            return List.of(ref);
        }
        return List.of("refs/heads/" + ref, "refs/tags/" + ref);
    }

    /**
     * The refs the server advertises for these names. Over git protocol v2 the server is asked for them alone
     * ({@code ls-refs} with a {@code ref-prefix} per name), so the answer does not grow with the number of branches
     * and tags; a protocol v0 server still lists all of them.
     */
    Map<String, Ref> advertisedRefs(String url, List<String> names, GitAccess access) throws GitSourceException {
        // an empty in-memory repository: a transport without one fails with a NullPointerException when the
        // server turns out to speak only the dumb protocol
        try (Repository scratch = new InMemoryRepository(new DfsRepositoryDescription("dcbuild-ls-remote"));
                Transport transport = access.applyTo(Transport.open(scratch, new URIish(url)))) {
            transport.setTimeout(timeoutSeconds);
            try (FetchConnection connection = transport.openFetch(List.of(), names.toArray(String[]::new))) {
                if (connection.getClass().getSimpleName().equals(DUMB_CONNECTION)) {
                    throw new GitSourceException(GitSourceException.Kind.UNSUPPORTED_SERVER, "the server of " + url
                            + " speaks only the dumb HTTP protocol (static files); the operator and Envbuilder need "
                            + "the smart HTTP protocol (git http-backend, or any git hosting service)", null);
                }
                return connection.getRefsMap();
            }
        } catch (URISyntaxException | NotSupportedException e) {
            throw new GitSourceException(GitSourceException.Kind.REPOSITORY_NOT_FOUND,
                    "'" + url + "' is not a git URL this operator can read: " + GitSourceFailure.rootMessage(e), e);
        } catch (TransportException e) {
            throw GitSourceFailure.classify(url, e);
        }
    }
}
