package io.dcbuild.operator.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tokens of the registry token flow ({@code WWW-Authenticate: Bearer realm=..,service=..}), fetched from the
 * realm with basic credentials when there are some, and kept per realm, service and scope until shortly before
 * they expire. Tokens never appear in messages or logs.
 */
final class BearerTokenCache {

    /** A token is not used in the last seconds of its life, so that it does not expire in flight. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);
    /** What the token specification says to assume when {@code expires_in} is missing. */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final RegistryCredentials credentials;
    private final Duration requestTimeout;
    private final Clock clock;
    private final RegistryRequestListener listener;
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();

    BearerTokenCache(HttpClient http, RegistryCredentials credentials, Duration requestTimeout, Clock clock,
            RegistryRequestListener listener) {
        this.http = http;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.listener = listener;
    }

    /** A valid token for these scopes, from the cache or freshly fetched. */
    String token(AuthChallenge challenge, List<String> scopes, String registry) {
        String realm = challenge.parameter("realm").orElseThrow(() -> new RegistryAuthenticationException(
                "registry " + registry + " asked for a bearer token but named no realm", 401, null));
        String service = challenge.parameter("service").orElse(null);
        String key = realm + "|" + service + "|" + String.join(" ", scopes);
        CachedToken cached = tokens.get(key);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.usableUntil())) {
            return cached.value();
        }
        CachedToken fresh = fetch(realm, service, scopes, registry, now);
        tokens.put(key, fresh);
        return fresh.value();
    }

    /** Drops cached tokens for these scopes (after the registry rejected one). */
    void forget(List<String> scopes) {
        String suffix = "|" + String.join(" ", scopes);
        tokens.keySet().removeIf(key -> key.endsWith(suffix));
    }

    private CachedToken fetch(String realm, String service, List<String> scopes, String registry, Instant now) {
        URI uri = tokenUri(realm, service, scopes, registry);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
        if (credentials != null) {
            request.header("Authorization", credentials.basicAuthorization());
        }
        String what = "token for " + String.join(" ", scopes) + " from " + uri.getScheme() + "://" + uri.getAuthority()
                + uri.getPath() + " (registry " + registry + ")";
        HttpResponse<byte[]> response;
        try {
            listener.requestSending("GET", uri);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryUnavailableException("cannot fetch " + what + ": " + e, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while fetching " + what, 0, null, e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryAuthenticationException("token endpoint refused " + what + " with " + status
                    + (credentials == null ? " (no credentials configured)"
                            : " for user '" + credentials.username() + "'"), status, null);
        }
        if (status == 429 || status >= 500) {
            throw new RegistryUnavailableException("cannot fetch " + what + ": HTTP " + status, status, null, null);
        }
        if (status != 200) {
            throw new RegistryException("cannot fetch " + what + ": HTTP " + status, status, null);
        }
        return parse(response.body(), what, now);
    }

    private static CachedToken parse(byte[] body, String what, Instant now) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException("the " + what + " answer is not JSON", 200, null); // no cause: may hold the token
        }
        String token = json == null ? null : json.path("token").asText(null);
        if (token == null || token.isEmpty()) {
            token = json == null ? null : json.path("access_token").asText(null);
        }
        if (token == null || token.isEmpty()) {
            throw new RegistryException("the " + what + " answer has no token", 200, null);
        }
        long expiresIn = json.path("expires_in").asLong(0);
        Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : DEFAULT_LIFETIME;
        return new CachedToken(token, now.plus(lifetime).minus(EXPIRY_MARGIN));
    }

    private static URI tokenUri(String realm, String service, List<String> scopes, String registry) {
        StringBuilder query = new StringBuilder();
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        for (String scope : scopes) {
            query.append(query.length() == 0 ? "" : "&").append("scope=")
                    .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        try {
            URI base = URI.create(realm);
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
            String separator = base.getRawQuery() == null ? "?" : "&";
            return URI.create(realm + (query.length() == 0 ? "" : separator + query));
        } catch (IllegalArgumentException e) {
            throw new RegistryAuthenticationException(
                    "registry " + registry + " named an invalid token realm '" + realm + "'", 401, null);
        }
    }

    private record CachedToken(String value, Instant usableUntil) {
        @Override
        public String toString() {
            return "CachedToken[usableUntil=" + usableUntil + "]";
        }
    }
}
