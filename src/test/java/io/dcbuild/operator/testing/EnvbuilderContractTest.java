package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcbuild.operator.runs.CachedImageLine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same Envbuilder runs through the simulator and through the real binary (in a throwaway root), against the same
 * real registry and git server, compared by what the operator and a user see: exit codes, the
 * {@code ENVBUILDER_CACHED_IMAGE=} line, the error line of a cache miss, the tags in the cache repository, the pushed
 * image's config. Each engine gets a cache repository of its own. Skipped (with the reason) where the real binary
 * cannot run; with {@code DCBUILD_SANDBOX_ENVBUILDER=real} that is a failure.
 */
class EnvbuilderContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static RealEnvbuilder.Availability availability;
    static LocalRegistry registry;
    static GitHttpServer git;
    static String base;

    @BeforeAll
    static void start() {
        availability = RealEnvbuilder.detect();
        if (availability.required()) {
            assertThat(availability.envbuilder()).as(availability.description()).isPresent();
        }
        if (availability.envbuilder().isEmpty()) {
            return;
        }
        registry = LocalRegistry.startDefault();
        git = GitHttpServer.start();
        base = BusyboxBaseImage.pushTo(registry, "base/busybox:1");
    }

    @AfterAll
    static void stop() {
        Fixtures.closeAll(git, registry);
    }

    @Test
    void missBuildHitAgreeOnExitCodesLinesTagsAndTheImage() throws Exception {
        requireReal();
        String repo = repository("hello", """
                FROM %s
                RUN echo hello > /hello.txt
                RUN cat /hello.txt > /copy.txt
                """.formatted(base));
        for (Engine engine : engines()) {
            String cache = registry.hostPort() + "/contract/" + engine.name() + "/hello";
            Run miss = engine.run(env(repo, cache, true));
            assertThat(miss.exitCode()).as(engine + " probe of an empty cache: exit code").isEqualTo(1);
            assertThat(miss.log()).as(engine + " probe miss").contains(
                    "error: get cached image: error probing build cache: uncached RUN command is not supported "
                            + "in cache probe mode");
            assertThat(CachedImageLine.find(miss.log())).as(engine + " probe miss").isEmpty();
            assertThat(checkedKeys(miss.log(), cache)).as(engine + " probe miss: one lookup, then none\n" + miss.log())
                    .hasSize(1);
            assertThat(miss.log()).as(engine + " probe miss")
                    .contains("No cached layer found for cmd RUN echo hello > /hello.txt");

            Run build = engine.run(env(repo, cache, false));
            assertThat(build.exitCode()).as(engine + " build: exit code\n" + build.log()).isZero();
            assertThat(CachedImageLine.find(build.log())).as(engine + " build prints no cached image").isEmpty();
            assertThat(build.log()).as(engine + " build").contains("=== Running init command as user \"root\"");
            List<String> tags = tags(cache);
            assertThat(tags).as(engine + " tags").contains("latest")
                    .as(engine + " tags: latest and one per cached step (2 RUN, envbuilder's 2 COPY)").hasSize(5);
            String latest = registry.manifestDigest(path(cache), "latest").orElseThrow();
            JsonNode config = config(cache);
            assertThat(config.at("/config/Entrypoint").toString()).as(engine + " entrypoint")
                    .isEqualTo("[\"/.envbuilder/bin/envbuilder\"]");
            assertThat(config.at("/config/User").asText()).as(engine + " user").isEqualTo("root");
            assertThat(config.at("/config/WorkingDir").asText()).as(engine + " working dir").isEqualTo("/");
            if (engine.name().equals("real")) {
                // Jib writes its own tool name as every history entry: the one difference the simulator keeps here
                // (nothing of the operator reads history; README, "What the simulator does not do")
                assertThat(createdBy(config)).as(engine + " history").containsSubsequence(
                        "RUN echo hello > /hello.txt", "RUN cat /hello.txt > /copy.txt",
                        "COPY --chmod=0755 .envbuilder.tmp/envbuilder /.envbuilder/bin/envbuilder",
                        "COPY --chmod=0644 .envbuilder.tmp/image /.envbuilder/image");
            }

            Run hit = engine.run(env(repo, cache, true));
            assertThat(hit.exitCode()).as(engine + " probe after the build: exit code\n" + hit.log()).isZero();
            assertThat(CachedImageLine.find(hit.log())).as(engine + " probe hit names latest")
                    .contains(cache + "@" + latest);
            assertThat(checkedKeys(hit.log(), cache)).as(engine + " probe hit looks up every step's tag\n" + hit.log())
                    .containsExactlyInAnyOrderElementsOf(tags.stream().filter(tag -> !tag.equals("latest")).toList());
        }
    }

    /**
     * What the cache keys cover: a commit that changes only a file outside the build context is still a hit; one that
     * changes a file the Dockerfile copies misses at that COPY step.
     */
    @Test
    void aChangeOutsideTheBuildContextIsAHitAndAChangedCopiedFileMissesAtItsCopy() throws Exception {
        requireReal();
        String name = "context";
        git.createRepository(name);
        git.commit(name, "main", Map.of(".devcontainer/devcontainer.json", "{\"build\": {\"dockerfile\": "
                + "\"Dockerfile\"}}", ".devcontainer/Dockerfile", """
                FROM %s
                COPY greeting.txt /greeting.txt
                RUN cat /greeting.txt
                """.formatted(base), ".devcontainer/greeting.txt", "hello\n", "README.md", "first\n"));
        String repo = git.url(name);
        for (Engine engine : engines()) {
            String cache = registry.hostPort() + "/contract/" + engine.name() + "/context";
            assertThat(engine.run(env(repo, cache, false)).exitCode()).as(engine + " build").isZero();
            String latest = registry.manifestDigest(path(cache), "latest").orElseThrow();

            git.commit(name, "main", Map.of("README.md", engine.name() + " changed outside the context\n"));
            Run outside = engine.run(env(repo, cache, true));
            assertThat(outside.exitCode()).as(engine + " probe after a change outside the context\n" + outside.log())
                    .isZero();
            assertThat(CachedImageLine.find(outside.log())).contains(cache + "@" + latest);

            git.commit(name, "main", Map.of(".devcontainer/greeting.txt", engine.name() + " changed\n"));
            Run copied = engine.run(env(repo, cache, true));
            assertThat(copied.exitCode()).as(engine + " probe after a change of a copied file").isEqualTo(1);
            assertThat(copied.log()).contains("uncached COPY command is not supported in cache probe mode");
            git.commit(name, "main", Map.of(".devcontainer/greeting.txt", "hello\n", "README.md", "first\n"));
        }
    }

    /**
     * A RUN step that exits 3. The simulator runs no RUN step: it is told to fail the same way
     * ({@code failBuilds} in the kubelet), so what is compared is the form of its failure: exit code, error line,
     * nothing pushed.
     */
    @Test
    void aFailingRunStepExitsOneWithTheCommandsErrorAndPushesNothing() throws Exception {
        requireReal();
        String repo = repository("fails", """
                FROM %s
                RUN echo about to fail && exit 3
                """.formatted(base));
        for (Engine engine : engines()) {
            String cache = registry.hostPort() + "/contract/" + engine.name() + "/fails";
            Run build = engine.failing(FAILED_RUN_LINE).run(env(repo, cache, false));
            assertThat(build.exitCode()).as(engine + " failed build: exit code").isEqualTo(1);
            assertThat(build.log()).as(engine + " failed build").contains(FAILED_RUN_LINE)
                    .contains("error: running command \"envbuilder\": do build:");
            assertThat(CachedImageLine.find(build.log())).as(engine + " failed build").isEmpty();
            assertThat(tags(cache)).as(engine + " pushes nothing").isEmpty();
        }
    }

    private static final String FAILED_RUN_LINE = "error: do build: error building stage: failed to execute "
            + "command: waiting for process to exit: exit status 3";

    /**
     * A cache registry that cannot be reached: kaniko's cache lookups take it for a miss (the probe reports an
     * uncached step and says nothing of the connection); a build goes on and fails at its push, naming the error.
     */
    @Test
    void aCacheRegistryOutOfReachIsAMissToTheProbeAndAFailedPushToTheBuild() throws Exception {
        requireReal();
        String repo = repository("down", """
                FROM %s
                RUN echo down
                """.formatted(base));
        int closedPort = FreeLoopbackPort.find();
        for (Engine engine : engines()) {
            String cache = "127.0.0.1:" + closedPort + "/contract/" + engine.name() + "/down";
            Run probe = engine.run(env(repo, cache, true));
            assertThat(probe.exitCode()).as(engine + " probe with the cache registry down").isEqualTo(1);
            assertThat(probe.log()).as(engine + " probe with the cache registry down")
                    .contains("uncached RUN command is not supported in cache probe mode")
                    .doesNotContain("connection refused");
            Run build = engine.run(env(repo, cache, false));
            assertThat(build.exitCode()).as(engine + " build with the cache registry down").isEqualTo(1);
            assertThat(build.log()).as(engine + " build with the cache registry down")
                    .contains("error: do push: failed to push to destination " + cache + ": ")
                    .contains("connection refused");
        }
    }

    // ---- engines ------------------------------------------------------------------------------------------------

    private record Run(int exitCode, String log) {
    }

    private interface Engine {
        String name();

        Run run(Map<String, String> env) throws Exception;

        /** The same engine where a build fails with {@code errorLine}: the simulator is told, the real one does. */
        default Engine failing(String errorLine) {
            return this;
        }
    }

    private static List<Engine> engines() {
        return List.of(real(), simulated(Optional.empty()));
    }

    private static Engine simulated(Optional<String> injectedFailure) {
        return new Engine() {
            public String name() {
                return "simulated";
            }

            public Run run(Map<String, String> env) throws Exception {
                EnvbuilderLog log = new EnvbuilderLog(text -> { });
                Path work = Files.createTempDirectory("contract-simulated-");
                try {
                    int exit = new SimulatedEnvbuilderRun(EnvbuilderOptions.fromEnvironment(env), work, log,
                            new RegistryManifestHead(), injectedFailure).run();
                    return new Run(exit, log.text());
                } finally {
                    FileUtils.delete(work.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
                }
            }

            public Engine failing(String errorLine) {
                return simulated(Optional.of(errorLine));
            }

            public String toString() {
                return name();
            }
        };
    }

    private static Engine real() {
        return new Engine() {
            public String name() {
                return "real";
            }

            public Run run(Map<String, String> env) throws Exception {
                EnvbuilderLog log = new EnvbuilderLog(text -> { });
                int exit = availability.envbuilder().orElseThrow().run(env, Map.of(), log, Duration.ofMinutes(5));
                return new Run(exit, log.text());
            }

            public String toString() {
                return name();
            }
        };
    }

    // ---- fixtures -----------------------------------------------------------------------------------------------

    private static void requireReal() {
        assumeTrue(availability.envbuilder().isPresent(), "the real Envbuilder cannot run here: "
                + availability.description());
    }

    private static String repository(String name, String dockerfile) {
        git.createRepository(name);
        git.commit(name, "main", Map.of(".devcontainer/devcontainer.json", "{\"build\": {\"dockerfile\": "
                + "\"Dockerfile\"}}", ".devcontainer/Dockerfile", dockerfile));
        return git.url(name);
    }

    /** The environment the operator gives a probe ({@code probe}) or builder pod (see EnvbuilderEnvironment). */
    private static Map<String, String> env(String repo, String cache, boolean probe) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ENVBUILDER_GIT_URL", repo + "#refs/heads/main");
        env.put("ENVBUILDER_GIT_CLONE_DEPTH", "1");
        env.put("ENVBUILDER_GIT_CLONE_SINGLE_BRANCH", "true");
        env.put("ENVBUILDER_CACHE_REPO", cache);
        env.put("ENVBUILDER_CACHE_TTL_DAYS", "7");
        env.put("ENVBUILDER_REMOTE_REPO_BUILD_MODE", "true");
        env.put("ENVBUILDER_INSECURE", "true");
        if (probe) {
            env.put("ENVBUILDER_GET_CACHED_IMAGE", "true");
        } else {
            env.put("ENVBUILDER_PUSH_IMAGE", "true");
            env.put("ENVBUILDER_EXIT_ON_BUILD_FAILURE", "true");
            env.put("ENVBUILDER_EXIT_ON_PUSH_FAILURE", "true");
            env.put("ENVBUILDER_INIT_SCRIPT", "exit 0");
        }
        return env;
    }

    private static String path(String cache) {
        return cache.substring(cache.indexOf('/') + 1);
    }

    private static List<String> tags(String cache) throws Exception {
        return new RegistryTagLister().tags(CacheRepository.parse(cache));
    }

    private static JsonNode config(String cache) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode manifest = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/v2/"
                + path(cache) + "/manifests/latest")).header("Accept", RegistryManifestHead.ACCEPT).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + path(cache)
                + "/blobs/" + manifest.at("/config/digest").asText())).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The keys of kaniko's {@code Checking for cached layer <cache>:<key>...} lines, in order. */
    private static List<String> checkedKeys(String log, String cache) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = Pattern.compile("Checking for cached layer " + Pattern.quote(cache)
                + ":([0-9a-f]{64})\\.\\.\\.").matcher(log);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    private static List<String> createdBy(JsonNode config) {
        List<String> createdBy = new ArrayList<>();
        config.path("history").forEach(entry -> createdBy.add(entry.path("created_by").asText()));
        return createdBy;
    }
}
