package io.dcbuild.operator.source;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/** Resolves a branch or tag to a commit with {@code git ls-remote}: no clone, one request to the server. */
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
        Collection<Ref> refs = listRefs(url, access);
        for (String candidate : candidateNames(ref)) {
            for (Ref found : refs) {
                if (found.getName().equals(candidate)) {
                    ObjectId peeled = found.getPeeledObjectId();
                    ObjectId id = peeled != null ? peeled : found.getObjectId();
                    return new ResolvedRef(found.getName(), id.name());
                }
            }
        }
        throw new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND,
                "the repository " + url + " has no branch or tag named '" + ref + "'", null);
    }

    /** A short name is looked up as a branch first, then as a tag. */
    static List<String> candidateNames(String ref) {
        if (ref.startsWith("refs/")) {
            return List.of(ref);
        }
        return List.of("refs/heads/" + ref, "refs/tags/" + ref);
    }

    private Collection<Ref> listRefs(String url, GitAccess access) throws GitSourceException {
        try {
            return access.applyTo(Git.lsRemoteRepository()
                    .setRemote(url)
                    .setHeads(true)
                    .setTags(true)
                    .setTimeout(timeoutSeconds))
                    .call();
        } catch (InvalidRemoteException e) {
            throw new GitSourceException(GitSourceException.Kind.REPOSITORY_NOT_FOUND,
                    "the repository " + url + " was not found", e);
        } catch (TransportException e) {
            throw GitSourceFailure.classify(url, e);
        } catch (GitAPIException e) {
            throw new GitSourceException(GitSourceException.Kind.UNREACHABLE,
                    "listing the refs of " + url + " failed: " + GitSourceFailure.rootMessage(e), e);
        }
    }
}
