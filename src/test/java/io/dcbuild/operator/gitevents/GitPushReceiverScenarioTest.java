package io.dcbuild.operator.gitevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The git push receiver on the operator's HTTP port, with the operator on the real API server (the shipped RBAC), a
 * real git server that takes real JGit pushes, a real registry and the simulated kubelet. Every build polls its ref
 * once an hour, so only the receiver can make it see a push within the test. A delivery the receiver refuses (wrong
 * signature, replayed delivery id, oversized body, unknown repository) gets its status code and changes nothing:
 * the build's object stays as it was (same resourceVersion), no run is created and the git server is not asked.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GitPushReceiverScenarioTest {

    /** Where the operator reads the webhooks' secret (application.properties, %test). */
    private static final String OPERATOR_NAMESPACE = "dcbuild-system";
    private static final String SECRET_NAME = "git-events";
    private static final String SECRET = "push-secret-" + UUID.randomUUID();
    private static final Duration NOTHING_HAPPENS = Duration.ofSeconds(4);

    static final String DEVCONTAINER_JSON = "{\"build\":{\"dockerfile\":\"Dockerfile\"}}";
    static final String DOCKERFILE = "FROM mcr.microsoft.com/devcontainers/base:bookworm\nRUN echo pushed\n";

    static LocalRegistry registry;
    static GitHttpServer git;
    static EnvbuilderKubeletSimulator kubelet;
    static TestNamespaces namespaces;
    static final List<Path> CLONES = new CopyOnWriteArrayList<>();

    @TestHTTPResource("/webhooks/git/")
    URL webhooks;

    @BeforeEach
    void startSandbox() {
        if (registry == null) {
            registry = LocalRegistry.startDefault();
            git = GitHttpServer.builder().acceptingPushes().start();
            kubelet = EnvbuilderKubeletSimulator.onNewNode(client());
            namespaces = new TestNamespaces(client());
            client().secrets().inNamespace(OPERATOR_NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                    .withName(SECRET_NAME).withNamespace(OPERATOR_NAMESPACE).endMetadata()
                    .addToStringData(ReceiverSecret.KEY, SECRET).build()).serverSideApply();
        }
    }

    @AfterAll
    static void stopSandbox() {
        client().secrets().inNamespace(OPERATOR_NAMESPACE).withName(SECRET_NAME).delete();
        Fixtures.closeAll(namespaces, kubelet, git, registry);
        for (Path clone : CLONES) {
            try {
                FileUtils.delete(clone.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
            } catch (java.io.IOException e) {
                // a temporary directory left behind
            }
        }
        registry = null;
        OperatorOnControlPlane.assertOperatorWasNeverForbidden();
    }

    @Test
    void aSignedGitHubPushEventBuildsThePushedCommitWithinSeconds() throws Exception {
        Followed followed = readyBuild();
        String pushed = followed.workspace().push("second");

        long sent = System.nanoTime();
        HttpResponse<String> answer = post("github", githubPush(followed.url()), githubHeaders(
                githubPush(followed.url()), SECRET, UUID.randomUUID().toString()));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.body()).contains("checking the ref of 1 build");
        DevContainerBuild built = await("the pushed commit built").atMost(Duration.ofSeconds(30))
                .until(() -> get(followed), b -> pushed.equals(b.getStatus().getCommit())
                        && b.getStatus().getPhase() == BuildPhase.Ready);
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("from the delivery to Ready")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(built.getStatus().getHistory()).hasSize(2);
    }

    @Test
    void signedGiteaForgejoGitLabAndBitbucketPushEventsEachBuildThePushedCommit() throws Exception {
        Followed followed = readyBuild();

        String second = followed.workspace().push("gitea");
        byte[] gitea = githubPush(followed.url()); // Gitea's payload has GitHub's shape
        assertThat(post("gitea", gitea, Map.of("X-Gitea-Event", "push", "X-Gitea-Delivery", uuid(),
                "X-Gitea-Signature", hmacHex(SECRET, gitea))).statusCode()).isEqualTo(202);
        awaitBuilt(followed, second);

        String third = followed.workspace().push("forgejo");
        assertThat(post("gitea", gitea, Map.of("X-Forgejo-Event", "push", "X-Forgejo-Delivery", uuid(),
                "X-Forgejo-Signature", hmacHex(SECRET, gitea))).statusCode()).isEqualTo(202);
        awaitBuilt(followed, third);

        String fourth = followed.workspace().push("gitlab");
        byte[] gitlab = ("{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\",\"project\":{\"git_http_url\":\""
                + followed.url() + "\",\"git_ssh_url\":\"git@127.0.0.1:git/" + followed.namespace() + ".git\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(post("gitlab", gitlab, Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Event-UUID", uuid(),
                "X-Gitlab-Token", SECRET)).statusCode()).isEqualTo(202);
        awaitBuilt(followed, fourth);

        String fifth = followed.workspace().push("bitbucket");
        byte[] bitbucket = ("{\"push\":{\"changes\":[{\"new\":{\"type\":\"branch\",\"name\":\"main\"}}]},"
                + "\"repository\":{\"links\":{\"html\":{\"href\":\""
                + followed.url().replaceFirst("\\.git$", "") + "\"}}}}").getBytes(StandardCharsets.UTF_8);
        assertThat(post("bitbucket", bitbucket, Map.of("X-Event-Key", "repo:push", "X-Request-UUID", uuid(),
                "X-Hub-Signature", "sha256=" + hmacHex(SECRET, bitbucket))).statusCode()).isEqualTo(202);
        awaitBuilt(followed, fifth);
    }

    @Test
    void aPushEventWithAWrongSignatureIsRefused401AndChangesNothing() throws Exception {
        Followed followed = readyBuild();
        followed.workspace().push("forged");
        byte[] body = githubPush(followed.url());
        Unchanged unchanged = Unchanged.now(followed);

        HttpResponse<String> forged = post("github", body, githubHeaders(body, "not-the-secret", uuid()));
        HttpResponse<String> unsigned = post("github", body, Map.of("X-GitHub-Event", "push",
                "X-GitHub-Delivery", uuid()));
        HttpResponse<String> gitlabWrongToken = post("gitlab", body, Map.of("X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Event-UUID", uuid(), "X-Gitlab-Token", SECRET + "x"));

        assertThat(List.of(forged.statusCode(), unsigned.statusCode(), gitlabWrongToken.statusCode()))
                .containsOnly(401);
        assertThat(forged.body()).contains("signature missing or wrong").doesNotContain(SECRET);
        unchanged.holdsFor(NOTHING_HAPPENS);
    }

    @Test
    void aReplayedDeliveryIdIsRefused409AndChangesNothing() throws Exception {
        Followed followed = readyBuild();
        String second = followed.workspace().push("first delivery");
        String delivery = uuid();
        byte[] body = githubPush(followed.url());
        assertThat(post("github", body, githubHeaders(body, SECRET, delivery)).statusCode()).isEqualTo(202);
        awaitBuilt(followed, second);

        followed.workspace().push("replayed");
        Unchanged unchanged = Unchanged.now(followed);
        HttpResponse<String> replay = post("github", body, githubHeaders(body, SECRET, delivery));

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
        assertThat(replay.body()).contains(delivery).contains("received before");
        unchanged.holdsFor(NOTHING_HAPPENS);
    }

    @Test
    void anOversizedBodyIsRefused413AndChangesNothing() throws Exception {
        Followed followed = readyBuild();
        followed.workspace().push("oversized");
        // a valid push event padded past the bound (1 MiB), signed: only its size is wrong
        String padding = "x".repeat(1024 * 1024);
        byte[] body = ("{\"ref\":\"refs/heads/main\",\"padding\":\"" + padding + "\",\"repository\":{\"clone_url\":\""
                + followed.url() + "\"}}").getBytes(StandardCharsets.UTF_8);
        Unchanged unchanged = Unchanged.now(followed);

        HttpResponse<String> answer = post("github", body, githubHeaders(body, SECRET, uuid()));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("larger than 1048576 bytes");
        unchanged.holdsFor(NOTHING_HAPPENS);
    }

    @Test
    void aPushEventOfAnUnknownRepositoryIsAnswered404AndChangesNothing() throws Exception {
        Followed followed = readyBuild();
        followed.workspace().push("elsewhere");
        byte[] otherRepository = githubPush(git.url(followed.namespace() + "-other"));
        byte[] otherBranch = githubPush(followed.url()).clone();
        String otherBranchText = new String(otherBranch, StandardCharsets.UTF_8).replace("refs/heads/main",
                "refs/heads/feature");
        byte[] otherRef = otherBranchText.getBytes(StandardCharsets.UTF_8);
        Unchanged unchanged = Unchanged.now(followed);

        HttpResponse<String> unknown = post("github", otherRepository, githubHeaders(otherRepository, SECRET, uuid()));
        HttpResponse<String> unfollowedRef = post("github", otherRef, githubHeaders(otherRef, SECRET, uuid()));

        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.body()).contains("no DevContainerBuild follows");
        assertThat(unfollowedRef.statusCode()).as(unfollowedRef.body()).isEqualTo(404);
        unchanged.holdsFor(NOTHING_HAPPENS);
    }

    @Test
    void pingsOtherEventsAndUnreadableBodiesChangeNothing() throws Exception {
        Followed followed = readyBuild();
        followed.workspace().push("not announced");
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "ref=refs/heads/main".getBytes(StandardCharsets.UTF_8);
        Unchanged unchanged = Unchanged.now(followed);

        Map<String, String> pingHeaders = new LinkedHashMap<>(githubHeaders(ping, SECRET, uuid()));
        pingHeaders.put("X-GitHub-Event", "ping");
        Map<String, String> issueHeaders = new LinkedHashMap<>(githubHeaders(ping, SECRET, uuid()));
        issueHeaders.put("X-GitHub-Event", "issues");

        assertThat(post("github", ping, pingHeaders).statusCode()).isEqualTo(200);
        assertThat(post("github", ping, issueHeaders).statusCode()).isEqualTo(202);
        assertThat(post("github", notJson, githubHeaders(notJson, SECRET, uuid())).statusCode()).isEqualTo(400);
        assertThat(post("github", ping, Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256",
                "sha256=" + hmacHex(SECRET, ping))).statusCode()).as("no delivery id").isEqualTo(400);
        assertThat(post("sourcehut", ping, Map.of()).statusCode()).isEqualTo(404);
        unchanged.holdsFor(NOTHING_HAPPENS);
    }

    /** A build following main of a repository of its own, Ready on the first commit, and a clone to push from. */
    private record Followed(String namespace, String url, String firstCommit, PushingClone workspace) {
    }

    private Followed readyBuild() throws Exception {
        String ns = namespaces.create("push");
        git.createRepository(ns);
        String first = git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", DOCKERFILE));
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName("app");
        build.getMetadata().setNamespace(ns);
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(git.url(ns));
        source.setRef("main");
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(registry.hostPort() + "/" + ns + "/cache");
        spec.setCache(cache);
        spec.setPollInterval("1h"); // only a push event can bring a new commit within the test
        build.setSpec(spec);
        client().resource(build).create();
        Followed followed = new Followed(ns, git.url(ns), first, PushingClone.of(git.url(ns)));
        awaitBuilt(followed, first);
        settled(followed);
        return followed;
    }

    private DevContainerBuild awaitBuilt(Followed followed, String commit) {
        return await("build " + followed.namespace() + "/app Ready on " + commit).atMost(Duration.ofSeconds(60))
                .until(() -> get(followed), b -> b != null && b.getStatus() != null
                        && commit.equals(b.getStatus().getCommit()) && b.getStatus().getPhase() == BuildPhase.Ready);
    }

    /** Waits until the build's object has not changed for a second (the last status write of its run is done). */
    private static void settled(Followed followed) {
        AtomicReference<String> last = new AtomicReference<>("");
        await("build settled").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
                .until(() -> get(followed).getMetadata().getResourceVersion(), version -> version.equals(
                        last.getAndSet(version)));
    }

    /** A working copy of a repository of the test git server, from which commits are pushed as a developer does. */
    private record PushingClone(Path directory, Git repository) {

        static PushingClone of(String url) throws Exception {
            Path directory = Files.createTempDirectory("push-clone");
            CLONES.add(directory);
            return new PushingClone(directory, Git.cloneRepository().setURI(url).setBranch("main")
                    .setDirectory(directory.toFile()).call());
        }

        /** Commits a change of the Dockerfile on main and pushes it; returns the commit. */
        String push(String marker) throws Exception {
            Path dockerfile = directory.resolve(".devcontainer/Dockerfile");
            Files.writeString(dockerfile, Files.readString(dockerfile) + "RUN echo '" + marker + "'\n");
            repository.add().addFilepattern(".devcontainer/Dockerfile").call();
            PersonIdent developer = new PersonIdent("Developer", "dev@dcbuild.test");
            RevCommit commit = repository.commit().setMessage(marker).setAuthor(developer).setCommitter(developer)
                    .call();
            for (PushResult result : repository.push().setRemote("origin").add("main").call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    assertThat(update.getStatus()).as("push of " + update.getRemoteName())
                            .isEqualTo(RemoteRefUpdate.Status.OK);
                }
            }
            return commit.name();
        }
    }

    /** What a refused delivery must leave as it is: the build object, the runs, the git server's requests. */
    private record Unchanged(Followed followed, String resourceVersion, String commit, int runs, long gitRequests) {

        static Unchanged now(Followed followed) {
            DevContainerBuild build = get(followed);
            return new Unchanged(followed, build.getMetadata().getResourceVersion(), build.getStatus().getCommit(),
                    runs(followed.namespace()), gitRequests(followed.namespace()));
        }

        void holdsFor(Duration duration) {
            await("nothing changes").during(duration).atMost(duration.plusSeconds(2)).untilAsserted(() -> {
                DevContainerBuild build = get(followed);
                assertThat(build.getMetadata().getResourceVersion()).as("the build's resourceVersion")
                        .isEqualTo(resourceVersion);
                assertThat(build.getStatus().getCommit()).isEqualTo(commit);
                assertThat(runs(followed.namespace())).as("runs").isEqualTo(runs);
                assertThat(gitRequests(followed.namespace())).as("requests to the git repository (a ref check)")
                        .isEqualTo(gitRequests);
            });
        }

        private static int runs(String ns) {
            return client().resources(DevContainerBuildRun.class).inNamespace(ns).list().getItems().size();
        }

        private static long gitRequests(String ns) {
            return git.requests().stream().filter(line -> line.contains("/git/" + ns + ".git/")).count();
        }
    }

    /** A GitHub push event of main (Gitea sends the same fields). */
    private static byte[] githubPush(String url) {
        String ssh = url.replaceFirst("^http://127\\.0\\.0\\.1:[0-9]+/", "git@127.0.0.1:");
        return ("{\"ref\":\"refs/heads/main\",\"before\":\"0000000000000000000000000000000000000000\","
                + "\"repository\":{\"full_name\":\"git/repo\",\"clone_url\":\"" + url + "\",\"html_url\":\""
                + url.replaceFirst("\\.git$", "") + "\",\"ssh_url\":\"" + ssh + "\"},\"pusher\":{\"name\":\"dev\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> githubHeaders(byte[] body, String secret, String delivery) {
        return Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", delivery,
                "X-Hub-Signature-256", "sha256=" + hmacHex(secret, body));
    }

    /** HMAC-SHA256 as the git hosts compute it, independently of the operator's code. */
    private static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String host, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhooks.toString() + host))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static DevContainerBuild get(Followed followed) {
        return client().resources(DevContainerBuild.class).inNamespace(followed.namespace()).withName("app").get();
    }

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }
}
