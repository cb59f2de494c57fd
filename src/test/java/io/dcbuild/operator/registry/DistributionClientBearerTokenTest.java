package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dcbuild.operator.testing.MovableClock;
import io.dcbuild.operator.testing.StubHttpServer;
import io.dcbuild.operator.testing.StubHttpServer.Request;
import io.dcbuild.operator.testing.StubHttpServer.Response;

/**
 * The token flow against a stub registry whose token endpoint hands out {@code tok:<scope>} and whose API only
 * accepts the token of the scope each operation needs.
 */
class DistributionClientBearerTokenTest {

    private static final HttpClient HTTP = DistributionClient.newHttpClient();
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String USER = "robot$ci";
    private static final String PASSWORD = "t0ken-p4ss";

    private StubHttpServer server;
    private final AtomicInteger tokenLifetimeSeconds = new AtomicInteger(300);

    @BeforeEach
    void startStub() {
        server = StubHttpServer.start();
        server.on("GET", "/token", this::token)
                .on("HEAD", "/v2/team/app/manifests/v1", request -> guarded(request, "pull",
                        Response.of(200, null, "Docker-Content-Digest", DIGEST,
                                "Content-Type", ManifestMediaTypes.OCI_MANIFEST)))
                .on("GET", "/v2/team/app/tags/list", request -> guarded(request, "pull",
                        Response.of(200, "{\"name\":\"team/app\",\"tags\":[\"v1\"]}")))
                .on("DELETE", "/v2/team/app/manifests/" + DIGEST, request -> guarded(request, "pull,delete",
                        Response.of(202, null)))
                .on("PUT", "/v2/team/app/manifests/pin", request -> guarded(request, "pull,push",
                        Response.of(201, null, "Docker-Content-Digest", DIGEST)))
                .on("HEAD", "/v2/team/locked/manifests/v1", request -> challenge("repository:team/locked:pull"));
    }

    @AfterEach
    void stopStub() {
        server.close();
    }

    @Test
    void fetchesATokenForThePullScopeWithBasicCredentialsAndReusesIt() {
        DistributionClient client = clientWith(new RegistryCredentials(USER, PASSWORD));

        assertThat(client.headManifest("team/app", "v1").orElseThrow().digest()).isEqualTo(DIGEST);
        assertThat(client.headManifest("team/app", "v1")).isPresent();
        assertThat(client.listTags("team/app")).containsExactly("v1");

        List<Request> tokenRequests = server.requestsTo("/token");
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0).queryParameters("scope")).containsExactly("repository:team/app:pull");
        assertThat(tokenRequests.get(0).queryParameters("service")).containsExactly("stub-registry");
        assertThat(tokenRequests.get(0).header("Authorization")).isEqualTo(basic(USER, PASSWORD));
        // one 401 to learn the challenge, then the token goes out up front
        assertThat(server.requestsTo("/v2/team/app/manifests/v1")).extracting(r -> r.header("Authorization"))
                .containsExactly(null, "Bearer tok:repository:team/app:pull", "Bearer tok:repository:team/app:pull");
    }

    @Test
    void deleteAndPutAskForTheirOwnScopes() {
        DistributionClient client = clientWith(new RegistryCredentials(USER, PASSWORD));

        assertThat(client.deleteManifest("team/app", DIGEST)).isEqualTo(DeleteResult.DELETED);
        assertThat(client.putManifest("team/app", "pin", "{}".getBytes(StandardCharsets.UTF_8),
                ManifestMediaTypes.OCI_MANIFEST)).isEqualTo(DIGEST);

        assertThat(server.requestsTo("/token")).flatExtracting(r -> r.queryParameters("scope"))
                .containsExactly("repository:team/app:pull,delete", "repository:team/app:pull,push");
    }

    @Test
    void anonymousClientsFetchTokensWithoutAuthorization() {
        DistributionClient client = clientWith(null);

        assertThat(client.headManifest("team/app", "v1")).isPresent();

        assertThat(server.requestsTo("/token")).singleElement()
                .satisfies(request -> assertThat(request.header("Authorization")).isNull());
    }

    @Test
    void aTokenIsReusedUntilShortlyBeforeItExpiresAndThenFetchedAgain() {
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        DistributionClient client = new DistributionClient(HTTP, server.hostPort(), true,
                new RegistryCredentials(USER, PASSWORD), DistributionClient.DEFAULT_REQUEST_TIMEOUT, clock);

        client.headManifest("team/app", "v1");
        clock.advance(Duration.ofSeconds(290)); // lifetime 300 s, 5 s safety margin
        client.headManifest("team/app", "v1");
        assertThat(server.requestsTo("/token")).hasSize(1);

        clock.advance(Duration.ofSeconds(6));
        client.headManifest("team/app", "v1");
        assertThat(server.requestsTo("/token")).hasSize(2);
    }

    @Test
    void aTokenWithoutLifetimeIsReusedForSixtySeconds() {
        tokenLifetimeSeconds.set(0); // the stub then omits expires_in
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        DistributionClient client = new DistributionClient(HTTP, server.hostPort(), true, null,
                DistributionClient.DEFAULT_REQUEST_TIMEOUT, clock);

        client.headManifest("team/app", "v1");
        clock.advance(Duration.ofSeconds(50));
        client.headManifest("team/app", "v1");
        clock.advance(Duration.ofSeconds(10));
        client.headManifest("team/app", "v1");

        assertThat(server.requestsTo("/token")).hasSize(2);
    }

    @Test
    void aTokenEndpointRefusingTheCredentialsIsAnAuthenticationErrorWithoutSecrets() {
        DistributionClient client = clientWith(new RegistryCredentials(USER, "not-the-password"));

        assertThatThrownBy(() -> client.headManifest("team/app", "v1"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("token endpoint refused token for repository:team/app:pull")
                .hasMessageContaining("user 'robot$ci'")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aRegistryRejectingTheFreshTokenIsAnAuthenticationErrorAfterOneRetry() {
        DistributionClient client = clientWith(new RegistryCredentials(USER, PASSWORD));

        assertThatThrownBy(() -> client.headManifest("team/locked", "v1"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("HEAD manifest team/locked:v1 on registry " + server.hostPort())
                .hasMessageContaining("rejected the bearer token for repository:team/locked:pull")
                .hasMessageNotContaining("tok:")
                .hasMessageNotContaining(PASSWORD);
        assertThat(server.requestsTo("/v2/team/locked/manifests/v1")).hasSize(2);
    }

    @Test
    void aRequestListenerSeesEveryRequestIncludingChallengesAndTokenFetches() {
        List<String> seen = new CopyOnWriteArrayList<>();
        DistributionClient client = new DistributionClient(HTTP, server.hostPort(), true,
                new RegistryCredentials(USER, PASSWORD), DistributionClient.DEFAULT_REQUEST_TIMEOUT,
                (method, uri) -> seen.add(method + " " + uri.getPath()));

        client.headManifest("team/app", "v1");
        client.deleteManifest("team/app", DIGEST);

        assertThat(seen).containsExactly(
                "HEAD /v2/team/app/manifests/v1", // anonymous, answered with a challenge
                "GET /token",
                "HEAD /v2/team/app/manifests/v1",
                "GET /token", // the delete scope needs a token of its own
                "DELETE /v2/team/app/manifests/" + DIGEST);
        assertThat(seen).hasSize(server.requests().size());
    }

    private DistributionClient clientWith(RegistryCredentials credentials) {
        return new DistributionClient(HTTP, server.hostPort(), true, credentials);
    }

    private Response token(Request request) {
        String authorization = request.header("Authorization");
        if (authorization != null && !authorization.equals(basic(USER, PASSWORD))) {
            return Response.of(401, "{\"details\":\"incorrect username or password\"}");
        }
        String scope = String.join(" ", request.queryParameters("scope"));
        int lifetime = tokenLifetimeSeconds.get();
        return Response.of(200, "{\"token\":\"tok:" + scope + "\""
                + (lifetime > 0 ? ",\"expires_in\":" + lifetime : "") + "}", "Content-Type", "application/json");
    }

    private Response guarded(Request request, String actions, Response granted) {
        String scope = "repository:team/app:" + actions;
        if (("Bearer tok:" + scope).equals(request.header("Authorization"))) {
            return granted;
        }
        return challenge(scope);
    }

    private Response challenge(String scope) {
        return Response.of(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}",
                "WWW-Authenticate", "Bearer realm=\"" + server.url() + "/token\",service=\"stub-registry\",scope=\""
                        + scope + "\"");
    }

    /** A clock the test moves forward by hand. */

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
