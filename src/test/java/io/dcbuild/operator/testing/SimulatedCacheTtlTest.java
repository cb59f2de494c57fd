package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcbuild.operator.runs.CachedImageLine;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated Envbuilder applies kaniko's cache TTL ({@code ENVBUILDER_CACHE_TTL_DAYS}, 7 days when absent or 0)
 * against a clock the test moves ({@link EnvbuilderKubeletSimulator#withClock}): every cached step lookup logs
 * {@code Checking for cached layer <repo>:<key>...}; a step image whose config {@code created} plus the TTL is before
 * now logs {@code Cache entry expired: <repo>:<key>} and is a miss (a probe fails, a build rebuilds and re-pushes).
 */
class SimulatedCacheTtlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** RUN steps only: the cache keys do not depend on the build context, so the test computes them. */
    private static final String DOCKERFILE = "FROM debian:12\nRUN echo one\nRUN echo two\n";
    private static final String NS = "cachettl-ns1";

    private static LocalRegistry registry;
    private static GitHttpServer git;
    private static KubernetesClient client;
    private static EnvbuilderKubeletSimulator simulator;
    private static TestNamespaces namespaces;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.startDefault();
        git = GitHttpServer.start();
        client = ControlPlane.shared().admin();
        namespaces = new TestNamespaces(client);
        namespaces.create(NS, Map.of());
        simulator = EnvbuilderKubeletSimulator.onNewNode(client, startClock());
    }

    @AfterAll
    static void stop() {
        if (namespaces != null) {
            namespaces.close();
        }
        Fixtures.closeAll(simulator, git, registry);
    }

    @Test
    void aProbeHitsUpToTheTtlAndMissesWithCacheEntryExpiredOneSecondLater() throws Exception {
        MovableClock clock = startClock();
        simulator.withClock(clock);
        String repoUrl = repository("ttl-probe");
        CacheRepository cache = CacheRepository.parse(registry.hostPort() + "/cache/ttl-probe");
        List<String> keys = stepKeys();

        HandledPod built = run("tp-build", PodRole.BUILD, repoUrl, cache, Map.of());
        assertThat(built.succeeded()).as(built.log()).isTrue();
        assertThat(built.log().lines()).as("an empty cache: the first lookup misses and ends the lookups")
                .containsSubsequence(
                        checking(cache, keys.get(0)),
                        kaniko("No cached layer found for cmd RUN echo one"))
                .filteredOn(line -> line.contains("Checking for cached layer")).hasSize(1);
        for (String key : keys) {
            assertThat(created(cache, key)).as("created of step " + key).isEqualTo(clock.instant());
        }

        clock.advance(Duration.ofDays(7)); // created + 7 days is not before now: still fresh
        HandledPod hit = run("tp-probe-7d", PodRole.PROBE, repoUrl, cache, Map.of());
        assertThat(hit.exitCode()).as(hit.log()).isZero();
        assertThat(hit.log().lines()).containsSubsequence(keys.stream().map(key -> checking(cache, key)).toList())
                .contains(kaniko("Using caching version of cmd: RUN echo two"))
                .noneMatch(line -> line.contains("Cache entry expired"));
        assertThat(CachedImageLine.find(hit.log())).contains(cache.reference() + "@"
                + new RegistryTagLister().digestOf(cache, "latest"));

        clock.advance(Duration.ofSeconds(1));
        HandledPod expired = run("tp-probe-7d1s", PodRole.PROBE, repoUrl, cache, Map.of());
        assertThat(expired.exitCode()).as(expired.log()).isEqualTo(1);
        assertThat(expired.log().lines()).containsSubsequence(
                        checking(cache, keys.get(0)),
                        kaniko("Cache entry expired: " + cache.tagged(keys.get(0))),
                        kaniko("No cached layer found for cmd RUN echo one"),
                        String.format(SimulatedEnvbuilderRun.PROBE_MISS_FORMAT, "RUN"))
                .as("the first miss ends the lookups").noneMatch(line -> line.contains(keys.get(1)));
        assertThat(CachedImageLine.find(expired.log())).isEmpty();
    }

    @Test
    void aBuildWithATtlOfOneDayRebuildsAndRePushesTheStepsTwoDaysLaterWithANewerCreated() throws Exception {
        MovableClock clock = startClock();
        simulator.withClock(clock);
        String repoUrl = repository("ttl-rebuild");
        CacheRepository cache = CacheRepository.parse(registry.hostPort() + "/cache/ttl-rebuild");
        List<String> keys = stepKeys();
        Map<String, String> oneDay = Map.of("ENVBUILDER_CACHE_TTL_DAYS", "1");

        assertThat(run("tr-build-1", PodRole.BUILD, repoUrl, cache, oneDay).succeeded()).isTrue();
        Instant firstPush = clock.instant();
        Map<String, String> firstDigests = digests(cache, keys);
        String latest = new RegistryTagLister().digestOf(cache, "latest");
        List<String> tags = new RegistryTagLister().tags(cache);

        clock.advance(Duration.ofHours(23)); // within the day: every step is reused
        HandledPod reused = run("tr-build-2", PodRole.BUILD, repoUrl, cache, oneDay);
        assertThat(reused.succeeded()).as(reused.log()).isTrue();
        assertThat(reused.log().lines()).containsSubsequence(keys.stream().map(key -> checking(cache, key)).toList())
                .noneMatch(line -> line.contains("Pushing layer "));
        assertThat(digests(cache, keys)).isEqualTo(firstDigests);

        clock.advance(Duration.ofHours(25)); // two days after the first push
        HandledPod rebuilt = run("tr-build-3", PodRole.BUILD, repoUrl, cache, oneDay);
        assertThat(rebuilt.succeeded()).as(rebuilt.log()).isTrue();
        assertThat(rebuilt.log().lines()).containsSubsequence(
                checking(cache, keys.get(0)),
                kaniko("Cache entry expired: " + cache.tagged(keys.get(0))),
                kaniko("No cached layer found for cmd RUN echo one"),
                kaniko("RUN echo one"),
                kaniko("Pushing layer " + cache.tagged(keys.get(0)) + " to cache now"),
                kaniko("Pushed " + cache.tagged(keys.get(0))),
                kaniko("RUN echo two"),
                kaniko("Pushed " + cache.tagged(keys.get(1))));
        assertThat(rebuilt.log().lines()).as("later steps are rebuilt without a lookup")
                .filteredOn(line -> line.contains("Checking for cached layer")).hasSize(1);
        for (String key : keys) {
            assertThat(created(cache, key)).as("created of re-pushed step " + key)
                    .isEqualTo(clock.instant())
                    .isEqualTo(firstPush.plus(Duration.ofDays(2)));
        }
        Map<String, String> secondDigests = digests(cache, keys);
        keys.forEach(key -> assertThat(secondDigests.get(key)).as("digest of " + key)
                .isNotEqualTo(firstDigests.get(key)));
        assertThat(new RegistryTagLister().tags(cache)).containsExactlyInAnyOrderElementsOf(tags);
        assertThat(new RegistryTagLister().digestOf(cache, "latest")).as("latest is reproducible (created 1970)")
                .isEqualTo(latest);

        HandledPod probe = run("tr-probe", PodRole.PROBE, repoUrl, cache, oneDay);
        assertThat(probe.exitCode()).as("fresh again: " + probe.log()).isZero();
    }

    @Test
    void theTtlIsTheDaysSetOrSevenWhenAbsentOrZero() {
        assertThat(SimulatedEnvbuilderRun.cacheTtl(options(Map.of()))).isEqualTo(Duration.ofDays(7));
        assertThat(SimulatedEnvbuilderRun.cacheTtl(options(Map.of("ENVBUILDER_CACHE_TTL_DAYS", "0"))))
                .isEqualTo(Duration.ofDays(7));
        assertThat(SimulatedEnvbuilderRun.cacheTtl(options(Map.of("ENVBUILDER_CACHE_TTL_DAYS", "3"))))
                .isEqualTo(Duration.ofDays(3));
    }

    // ---- fixtures -----------------------------------------------------------------------------------------------

    /** Whole seconds, as the pushed {@code created} is. */
    private static MovableClock startClock() {
        return new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static EnvbuilderOptions options(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("ENVBUILDER_GIT_URL", "http://127.0.0.1:1/repo");
        env.put("ENVBUILDER_CACHE_REPO", "127.0.0.1:1/cache/options");
        return EnvbuilderOptions.fromEnvironment(env);
    }

    private static String repository(String name) {
        String url = git.createRepository(name);
        git.commit(name, "main", Map.of(
                ".devcontainer/devcontainer.json", "{ \"build\": { \"dockerfile\": \"Dockerfile\" } }",
                ".devcontainer/Dockerfile", DOCKERFILE));
        return url;
    }

    /** The cache keys of {@link #DOCKERFILE}'s steps and Envbuilder's two appended ones, in step order. */
    private static List<String> stepKeys() throws EnvbuilderFailure {
        return CacheKeyChain.compute(DockerfileInstructions.parse(DOCKERFILE), "no context used").stream()
                .map(CacheStep::key).toList();
    }

    private static HandledPod run(String name, PodRole role, String repoUrl, CacheRepository cache,
            Map<String, String> env) {
        EnvbuilderPodTemplate template = EnvbuilderPodTemplate.of(NS, name, role, repoUrl + "#refs/heads/main",
                cache.reference());
        env.forEach(template::literal);
        Pod pod = client.pods().inNamespace(NS).resource(template.build()).create();
        return simulator.awaitHandled(pod);
    }

    private static String checking(CacheRepository cache, String key) {
        return kaniko("Checking for cached layer " + cache.tagged(key) + "...");
    }

    private static String kaniko(String message) {
        EnvbuilderLog log = new EnvbuilderLog(text -> { });
        log.kaniko(message);
        return log.lines().get(0);
    }

    private static Map<String, String> digests(CacheRepository cache, List<String> keys) throws Exception {
        Map<String, String> digests = new HashMap<>();
        for (String key : keys) {
            digests.put(key, new RegistryTagLister().digestOf(cache, key));
        }
        return digests;
    }

    /** The image config's {@code created} of {@code <cache>:<tag>}, read from the registry. */
    private static Instant created(CacheRepository cache, String tag) throws Exception {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        JsonNode manifest = JSON.readTree(get(http, registry.url() + "/v2/" + cache.path() + "/manifests/" + tag));
        JsonNode config = JSON.readTree(get(http, registry.url() + "/v2/" + cache.path() + "/blobs/"
                + manifest.path("config").path("digest").asText()));
        return Instant.parse(config.path("created").asText());
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", RegistryManifestHead.ACCEPT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
