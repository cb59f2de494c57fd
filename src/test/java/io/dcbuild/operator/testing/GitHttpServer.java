package io.dcbuild.operator.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.DefaultUploadPackFactory;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PreUploadHook;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.ServiceMayNotContinueException;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.WantNotValidException;
import org.eclipse.jgit.util.FileUtils;

/**
 * Real git repositories, stored as bare repositories in a temporary directory, served over the smart HTTP
 * protocol by JGit's {@link GitServlet} on Jetty 12, bound to {@code 127.0.0.1} on a free port.
 *
 * <p>Repositories are reachable at {@code http://127.0.0.1:PORT/git/<name>.git}. With {@link Builder#https} the
 * server speaks TLS only, with a certificate of a {@link TestCertificateAuthority}, and URLs start with
 * {@code https://}. With {@link Builder#basicAuth} every request needs HTTP basic credentials; wrong or missing ones
 * get 401. Fetching is served (upload-pack); tests write content with {@link #commit} and {@link #tag}, which
 * work directly on the bare repository without a working tree, or, on a server built {@link Builder#acceptingPushes},
 * push with a git client (receive-pack, anonymous).
 *
 * <p>Partial fetches are served, as GitHub and GitLab serve them: upload-pack advertises the {@code filter}
 * capability ({@code uploadpack.allowfilter}) and, as JGit then does, serves wants of trees and blobs reachable from a
 * ref. {@link Builder#withoutFilter} stands for a server without partial clone support, and
 * {@link Builder#refusingTreeAndBlobWants} for one that filters but serves commits only.
 */
public final class GitHttpServer implements AutoCloseable {

    private static final PersonIdent AUTHOR = new PersonIdent("Test Fixture", "fixture@dcbuild.test");

    private final Path baseDir;
    private final String scheme;
    private final Server jetty;
    private final ServerConnector connector;
    private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<ClientRequest> clientRequests = new CopyOnWriteArrayList<>();
    private final boolean filter;
    /** The port while connections are refused (the connector then reports none). */
    private volatile int refusingOn = -1;
    private volatile boolean failingFetches;

    private GitHttpServer(Builder builder) throws Exception {
        this.baseDir = Files.createTempDirectory("git-http-server");
        this.scheme = builder.certificateAuthority == null ? "http" : "https";
        this.filter = builder.filter;
        this.jetty = new Server();
        this.connector = builder.certificateAuthority == null
                ? new ServerConnector(jetty)
                : tlsOnlyConnector(jetty, builder.certificateAuthority);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/git");
        context.addFilter(new FilterHolder(new RequestRecordingFilter()), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        if (builder.username != null) {
            context.addFilter(new FilterHolder(new BasicAuthServletFilter(builder.username, builder.password)),
                    "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        GitServlet gitServlet = new GitServlet();
        gitServlet.setRepositoryResolver((request, name) -> {
            Repository repository = repositories.get(name);
            if (repository == null) {
                throw new RepositoryNotFoundException(name);
            }
            repository.incrementOpen();
            return repository;
        });
        DefaultUploadPackFactory uploadPacks = new DefaultUploadPackFactory();
        boolean commitWantsOnly = builder.refuseTreeAndBlobWants;
        gitServlet.setUploadPackFactory((request, repository) -> {
            UploadPack uploadPack = uploadPacks.create(request, repository);
            if (commitWantsOnly) {
                uploadPack.setRequestValidator(new CommitWantsOnly());
            }
            uploadPack.setPreUploadHook(new FetchOutage());
            return uploadPack;
        });
        if (builder.acceptPushes) {
            // JGit's default refuses anonymous pushes; this test server takes them
            gitServlet.setReceivePackFactory((request, repository) -> new ReceivePack(repository));
        }
        context.addServlet(new ServletHolder(gitServlet), "/*");
        jetty.setHandler(context);
        jetty.start();
    }

    private static ServerConnector tlsOnlyConnector(Server jetty, TestCertificateAuthority certificateAuthority) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePath(certificateAuthority.serverKeyStore().toString());
        tls.setKeyStorePassword(certificateAuthority.serverKeyStorePassword());
        HttpConfiguration httpsConfig = new HttpConfiguration();
        httpsConfig.addCustomizer(new SecureRequestCustomizer());
        return new ServerConnector(jetty, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(httpsConfig));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server without authentication. */
    public static GitHttpServer start() {
        return builder().start();
    }

    public int port() {
        return refusingOn > 0 ? refusingOn : connector.getLocalPort();
    }

    /**
     * From now on every fetch (the pack a client wants) fails with 503 Service Unavailable, while ref listings
     * (ls-remote) are still answered: a git host overloaded or in maintenance between the two.
     */
    public void failFetches() {
        failingFetches = true;
    }

    /** Serves fetches again after {@link #failFetches()}. */
    public void serveFetches() {
        failingFetches = false;
    }

    /** Refuses to send a pack while {@link #failingFetches} is set. */
    private final class FetchOutage implements PreUploadHook {
        @Override
        public void onBeginNegotiateRound(UploadPack up, Collection<? extends ObjectId> wants, int cntOffered)
                throws ServiceMayNotContinueException {
            refuseWhileFailing();
        }

        @Override
        public void onEndNegotiateRound(UploadPack up, Collection<? extends ObjectId> wants, int cntCommon,
                int cntNotFound, boolean ready) throws ServiceMayNotContinueException {
            refuseWhileFailing();
        }

        @Override
        public void onSendPack(UploadPack up, Collection<? extends ObjectId> wants,
                Collection<? extends ObjectId> haves) throws ServiceMayNotContinueException {
            refuseWhileFailing();
        }

        private void refuseWhileFailing() throws ServiceMayNotContinueException {
            if (failingFetches) {
                throw new ServiceMayNotContinueException("service unavailable: the server is in maintenance", 503);
            }
        }
    }

    /** Stops listening: connections to the port are refused, as when the server is down. Repositories stay. */
    public void refuseConnections() {
        int port = port();
        try {
            connector.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop listening", e);
        }
        connector.setPort(port);
        refusingOn = port;
    }

    /** Listens again on the same port after {@link #refuseConnections()}. */
    public void acceptConnections() {
        try {
            connector.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on port " + refusingOn + " again", e);
        }
        refusingOn = -1;
    }

    /** URL of the repository {@code name}, whether or not it exists yet. */
    public String url(String name) {
        return scheme + "://127.0.0.1:" + port() + "/git/" + name + ".git";
    }

    /** Creates an empty bare repository whose default branch is {@code main}. Returns its URL. */
    public String createRepository(String name) {
        Path dir = baseDir.resolve(name + ".git");
        try {
            Repository repository = Git.init().setBare(true).setInitialBranch("main")
                    .setDirectory(dir.toFile()).call().getRepository();
            StoredConfig config = repository.getConfig();
            config.setBoolean("uploadpack", null, "allowfilter", filter);
            config.save();
            if (repositories.putIfAbsent(name + ".git", repository) != null) {
                repository.close();
                throw new IllegalStateException("repository exists: " + name);
            }
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot create repository " + name, e);
        }
        return url(name);
    }

    /** The bare repository behind {@code name}, for tests that need direct access. */
    public Repository repository(String name) {
        Repository repository = repositories.get(name + ".git");
        if (repository == null) {
            throw new IllegalArgumentException("no repository " + name);
        }
        return repository;
    }

    /**
     * Commits {@code files} (path relative to the repository root, to UTF-8 content) on top of the current tip of
     * {@code branch} (creating the branch if needed). Files not mentioned keep their content; a {@code null}
     * content deletes the path. Returns the new commit SHA.
     */
    public String commit(String name, String branch, Map<String, String> files, String message) {
        Map<String, byte[]> contents = new HashMap<>();
        files.forEach((path, text) -> contents.put(path, text == null ? null : text.getBytes(StandardCharsets.UTF_8)));
        return commitBytes(name, branch, contents, message);
    }

    /** As {@link #commit(String, String, Map, String)}, with contents given as bytes (binary files). */
    public String commitBytes(String name, String branch, Map<String, byte[]> files, String message) {
        Repository repository = repository(name);
        String refName = Constants.R_HEADS + branch;
        try (ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            Ref current = repository.exactRef(refName);
            RevCommit parent = current == null ? null : walk.parseCommit(current.getObjectId());

            DirCache index = DirCache.newInCore();
            if (parent != null) {
                DirCacheBuilder copy = index.builder();
                copy.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
                copy.finish();
            }
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (file.getValue() == null) {
                    editor.add(new DirCacheEditor.DeletePath(file.getKey()));
                    continue;
                }
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);

            CommitBuilder commit = new CommitBuilder();
            PersonIdent now = new PersonIdent(AUTHOR);
            commit.setAuthor(now);
            commit.setCommitter(now);
            commit.setMessage(message);
            commit.setTreeId(tree);
            if (parent != null) {
                commit.setParentId(parent);
            }
            ObjectId commitId = inserter.insert(commit);
            inserter.flush();

            RefUpdate update = repository.updateRef(refName);
            update.setNewObjectId(commitId);
            update.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
            update.setRefLogMessage("commit: " + message, false);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IllegalStateException("cannot update " + refName + ": " + result);
            }
            return commitId.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits {@code files} with a generated message. */
    public String commit(String name, String branch, Map<String, String> files) {
        return commit(name, branch, files, "update " + String.join(", ", files.keySet()));
    }

    /** Creates (or moves) the lightweight tag {@code tag} to {@code commitSha}. */
    public void tag(String name, String tag, String commitSha) {
        writeRef(repository(name), Constants.R_TAGS + tag, ObjectId.fromString(commitSha));
    }

    /** Creates (or moves) the annotated tag {@code tag} on {@code commitSha}. */
    public void annotatedTag(String name, String tag, String commitSha, String message) {
        Repository repository = repository(name);
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            TagBuilder tagObject = new TagBuilder();
            tagObject.setTag(tag);
            tagObject.setObjectId(ObjectId.fromString(commitSha), Constants.OBJ_COMMIT);
            tagObject.setTagger(new PersonIdent(AUTHOR));
            tagObject.setMessage(message);
            ObjectId tagId = inserter.insert(tagObject);
            inserter.flush();
            writeRef(repository, Constants.R_TAGS + tag, tagId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Packs every ref of {@code name} into its {@code packed-refs} file, as {@code git pack-refs --all} (which
     * {@code git gc} runs) leaves a real server's repository. {@link #commit} and {@link #tag} write loose refs, one
     * file each, and on every ref listing JGit's server checks each loose file under the listed prefixes (for
     * {@code ls-refs} of {@code refs/heads/x} and {@code refs/tags/x}, all of {@code refs/}): with thousands of them
     * a listing measures this fixture's file system rather than the protocol. Packed refs are read once and kept in
     * memory while the file is unchanged.
     */
    public void packRefs(String name) {
        try {
            Git.wrap(repository(name)).packRefs().setAll(true).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot pack the refs of " + name, e);
        }
    }

    /**
     * A request as the server saw it: its line, its client ({@code User-Agent}: JGit for the operator, go-git for
     * Envbuilder) and the {@code Via} header a proxy on the way added.
     */
    public record ClientRequest(String line, String userAgent, Optional<String> via) {
    }

    /** Every request so far with its client and proxy, in arrival order. */
    public List<ClientRequest> clientRequests() {
        return List.copyOf(clientRequests);
    }

    /** Request lines seen so far, as {@code METHOD /path?query}, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requestLines);
    }

    private static void writeRef(Repository repository, String refName, ObjectId target) {
        try {
            RefUpdate update = repository.updateRef(refName);
            update.setNewObjectId(target);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result == RefUpdate.Result.REJECTED || result == RefUpdate.Result.IO_FAILURE
                    || result == RefUpdate.Result.LOCK_FAILURE) {
                throw new IllegalStateException("cannot write " + refName + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop git server", e);
        } finally {
            repositories.values().forEach(Repository::close);
            repositories.clear();
            try {
                FileUtils.delete(baseDir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Options of a {@link GitHttpServer}. */
    public static final class Builder {
        private String username;
        private String password;
        private TestCertificateAuthority certificateAuthority;
        private boolean filter = true;
        private boolean refuseTreeAndBlobWants;
        private boolean acceptPushes;

        private Builder() {
        }

        /** Serves receive-pack too: anyone may push to the repositories (as a git host would after its checks). */
        public Builder acceptingPushes() {
            this.acceptPushes = true;
            return this;
        }

        /**
         * Serves no partial fetches: upload-pack does not advertise the {@code filter} capability (Git's default,
         * {@code uploadpack.allowfilter} unset), so clients fetch whole commits.
         */
        public Builder withoutFilter() {
            this.filter = false;
            return this;
        }

        /**
         * Advertises the {@code filter} capability but refuses wants of anything but commits, as a server that filters
         * clones yet will not send the missing objects later would.
         */
        public Builder refusingTreeAndBlobWants() {
            this.refuseTreeAndBlobWants = true;
            return this;
        }

        /**
         * Serves TLS only (no plain HTTP), with the server certificate of {@code certificateAuthority}, which must
         * stay open while the server runs. Clients must trust its CA certificate themselves.
         */
        public Builder https(TestCertificateAuthority certificateAuthority) {
            this.certificateAuthority = Objects.requireNonNull(certificateAuthority);
            return this;
        }

        /** Requires HTTP basic authentication with this user and password on every request. */
        public Builder basicAuth(String username, String password) {
            this.username = Objects.requireNonNull(username);
            this.password = Objects.requireNonNull(password);
            return this;
        }

        public GitHttpServer start() {
            try {
                return new GitHttpServer(this);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start git server", e);
            }
        }
    }

    /** Lets through wants of commits reachable from a ref, and refuses every other want. */
    private static final class CommitWantsOnly implements UploadPack.RequestValidator {
        @Override
        public void checkWants(UploadPack uploadPack, List<ObjectId> wants) throws IOException {
            try (RevWalk walk = new RevWalk(uploadPack.getRepository())) {
                for (ObjectId want : wants) {
                    if (walk.parseAny(want).getType() != Constants.OBJ_COMMIT) {
                        throw new WantNotValidException(want);
                    }
                }
            }
            new UploadPack.ReachableCommitRequestValidator().checkWants(uploadPack, wants);
        }
    }

    private final class RequestRecordingFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            String query = http.getQueryString();
            String line = http.getMethod() + " " + http.getRequestURI() + (query == null ? "" : "?" + query);
            requestLines.add(line);
            clientRequests.add(new ClientRequest(line, String.valueOf(http.getHeader("User-Agent")),
                    Optional.ofNullable(http.getHeader("Via"))));
            chain.doFilter(request, response);
        }
    }
}
