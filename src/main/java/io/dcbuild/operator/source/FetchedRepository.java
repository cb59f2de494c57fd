package io.dcbuild.operator.source;

import java.io.InputStream;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.lib.Repository;

/**
 * A repository one fetch filled: in memory or in a temporary directory.
 *
 * @param repository    holds the fetched commit
 * @param memory        what further fetches into the same repository read their responses through, so that they are
 *                      counted against the same memory budget (nothing for a repository on disk)
 * @param release       gives back what the repository held (its memory, or its temporary directory)
 */
record FetchedRepository(Repository repository, UnaryOperator<InputStream> memory, Runnable release)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            repository.close();
        } finally {
            release.run();
        }
    }
}
