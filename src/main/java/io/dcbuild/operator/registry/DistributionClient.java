package io.dcbuild.operator.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small client of the OCI distribution API for one registry: manifest HEAD/GET/PUT/DELETE, tag listing and
 * blob download, with anonymous, basic and bearer-token authentication.
 *
 * <p>Authentication follows the registry's challenge: the first request goes out anonymously; a {@code Basic}
 * challenge is answered with the credentials, a {@code Bearer} challenge with a token fetched from the realm for
 * {@code repository:<name>:pull} (GET, HEAD), {@code pull,push} (PUT) or {@code pull,delete} (DELETE). The
 * challenge is remembered, so later requests authenticate up front. Credentials and tokens never appear in
 * exception messages.
 *
 * <p>Errors: {@link RegistryUnavailableException} (connect failure, timeout, 5xx, 429: transient),
 * {@link RegistryAuthenticationException} (401/403 after authenticating: permanent), {@link RegistryException}
 * otherwise. Thread-safe.
 */
public final class DistributionClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_TAG_PAGES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registry;
    private final URI base;
    private final RegistryCredentials credentials;
    private final AuthenticatedExchange exchange;

    /** A client with the default request timeout (30 s). */
    public DistributionClient(HttpClient http, String registryHost, boolean plainHttp,
            RegistryCredentials credentials) {
        this(http, registryHost, plainHttp, credentials, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param http           shared JDK client; build it with {@link #newHttpClient(Duration)} (redirects are
     *                       followed here, so that authorization is not sent to another host)
     * @param registryHost   {@code host} or {@code host:port}; {@code docker.io} means {@code registry-1.docker.io}
     * @param plainHttp      talk http instead of https
     * @param credentials    null for anonymous access
     * @param requestTimeout per request, from sending to the whole response
     */
    public DistributionClient(HttpClient http, String registryHost, boolean plainHttp,
            RegistryCredentials credentials, Duration requestTimeout) {
        this(http, registryHost, plainHttp, credentials, requestTimeout, RegistryRequestListener.NONE);
    }

    /**
     * As {@link #DistributionClient(HttpClient, String, boolean, RegistryCredentials, Duration)}, telling
     * {@code listener} about every request sent (token requests included), e.g. to count them.
     */
    public DistributionClient(HttpClient http, String registryHost, boolean plainHttp,
            RegistryCredentials credentials, Duration requestTimeout, RegistryRequestListener listener) {
        this(http, registryHost, plainHttp, credentials, requestTimeout, Clock.systemUTC(), listener);
    }

    DistributionClient(HttpClient http, String registryHost, boolean plainHttp, RegistryCredentials credentials,
            Duration requestTimeout, Clock clock) {
        this(http, registryHost, plainHttp, credentials, requestTimeout, clock, RegistryRequestListener.NONE);
    }

    private DistributionClient(HttpClient http, String registryHost, boolean plainHttp,
            RegistryCredentials credentials, Duration requestTimeout, Clock clock, RegistryRequestListener listener) {
        Objects.requireNonNull(http, "http");
        String host = ReferenceGrammar.requireHost(registryHost);
        this.registry = host.equals(ImageReference.DOCKER_HUB) ? ImageReference.DOCKER_HUB_API_HOST : host;
        this.base = URI.create((plainHttp ? "http" : "https") + "://" + registry + "/v2/");
        this.credentials = credentials;
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(listener, "listener");
        this.exchange = new AuthenticatedExchange(http, credentials, requestTimeout,
                new BearerTokenCache(http, credentials, requestTimeout, clock, listener), listener);
    }

    /** A JDK client with the given connect timeout that does not follow redirects by itself. */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@link #newHttpClient(Duration)} with the default connect timeout (10 s). */
    public static HttpClient newHttpClient() {
        return newHttpClient(DEFAULT_CONNECT_TIMEOUT);
    }

    /** The host this client calls ({@code registry-1.docker.io} for Docker Hub). */
    public String registryHost() {
        return registry;
    }

    /**
     * {@code HEAD /v2/<repository>/manifests/<reference>}.
     *
     * @param reference a tag or a {@code sha256:} digest
     * @return digest, media type and size; empty when the registry answers 404
     */
    public Optional<ManifestDescriptor> headManifest(String repository, String reference) {
        RegistryCall call = RegistryCall.manifest(registry, "HEAD", repository, requireReference(reference), RegistryCall.Access.PULL);
        HttpResponse<byte[]> response = exchange.exchange(call, HttpRequest.newBuilder(manifestUri(repository, reference))
                .header("Accept", ManifestMediaTypes.ACCEPT_HEADER)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireSuccess(call, response);
        String digest = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (digest == null && ReferenceGrammar.isDigest(reference)) {
            digest = reference;
        }
        if (digest == null) {
            // some registries omit the header on HEAD: fall back to reading the manifest
            return Optional.of(descriptorOf(getManifest(repository, reference)));
        }
        return Optional.of(new ManifestDescriptor(digest,
                ManifestMediaTypes.withoutParameters(response.headers().firstValue("Content-Type").orElse(null)),
                response.headers().firstValueAsLong("Content-Length").orElse(-1)));
    }

    /**
     * {@code GET /v2/<repository>/manifests/<reference>}: raw bytes, media type, digest, and the config and layer
     * descriptors of an image manifest (or the entries of an index).
     *
     * @throws RegistryException with status 404 when the manifest does not exist
     */
    public Manifest getManifest(String repository, String reference) {
        RegistryCall call = RegistryCall.manifest(registry, "GET", repository, requireReference(reference), RegistryCall.Access.PULL);
        HttpResponse<byte[]> response = exchange.exchange(call, HttpRequest.newBuilder(manifestUri(repository, reference))
                .header("Accept", ManifestMediaTypes.ACCEPT_HEADER)
                .GET());
        requireSuccess(call, response);
        byte[] bytes = response.body();
        String digest = ContentDigest.sha256(bytes);
        String announced = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (ReferenceGrammar.isDigest(announced) && !announced.equals(digest)) {
            throw new RegistryException(call + ": registry announced digest " + announced
                    + " but the content hashes to " + digest, response.statusCode(), null);
        }
        if (ReferenceGrammar.isDigest(reference) && !reference.equals(digest)) {
            throw new RegistryException(call + ": content hashes to " + digest + ", not the requested digest",
                    response.statusCode(), null);
        }
        try {
            return Manifest.parse(bytes, response.headers().firstValue("Content-Type").orElse(null), digest);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(call + ": " + e.getMessage(), response.statusCode(), null, e);
        }
    }

    /**
     * All tags of a repository, following {@code Link: <...>; rel="next"} pages, in the registry's order (not
     * sorted). A repository the registry does not know ({@code NAME_UNKNOWN}) has no tags: empty list.
     */
    public List<String> listTags(String repository) {
        RegistryCall call = RegistryCall.tagList(registry, repository);
        List<String> tags = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI page = base.resolve(ReferenceGrammar.requireRepository(repository) + "/tags/list");
        while (page != null) {
            if (!seen.add(page) || seen.size() > MAX_TAG_PAGES) {
                throw new RegistryException(call + ": tag pagination does not end (page " + page + " again)", 200,
                        null);
            }
            HttpResponse<byte[]> response = exchange.exchange(call, HttpRequest.newBuilder(page).GET());
            if (response.statusCode() == 404 && "NAME_UNKNOWN".equals(errorCode(response))) {
                return List.of();
            }
            requireSuccess(call, response);
            tags.addAll(tagsOf(call, response.body()));
            page = nextPage(call, response, page);
        }
        return List.copyOf(tags);
    }

    /**
     * {@code GET /v2/<repository>/blobs/<digest>}, following redirects (without our authorization when they lead
     * to another host), checked against the digest.
     */
    public byte[] getBlob(String repository, String digest) {
        ReferenceGrammar.requireDigest(digest);
        RegistryCall call = RegistryCall.blob(registry, repository, digest);
        URI uri = base.resolve(ReferenceGrammar.requireRepository(repository) + "/blobs/" + digest);
        HttpResponse<byte[]> response = exchange.exchange(call, HttpRequest.newBuilder(uri).GET());
        for (int redirects = 0; isRedirect(response.statusCode()); redirects++) {
            if (redirects >= MAX_REDIRECTS) {
                throw new RegistryException(call + ": more than " + MAX_REDIRECTS + " redirects",
                        response.statusCode(), null);
            }
            uri = redirectTarget(call, uri, response);
            response = sameOrigin(uri) ? exchange.exchange(call, HttpRequest.newBuilder(uri).GET())
                    : exchange.sendAnonymously(call, HttpRequest.newBuilder(uri).GET());
        }
        requireSuccess(call, response);
        byte[] content = response.body();
        String actual = ContentDigest.sha256(content);
        if (!actual.equals(digest)) {
            throw new RegistryException(call + ": content hashes to " + actual, response.statusCode(), null);
        }
        return content;
    }

    /**
     * {@code DELETE /v2/<repository>/manifests/<digest>}. On registry 2.8 this also removes every tag that
     * points at the digest. Registries that forbid deletes give {@link DeleteResult#UNSUPPORTED}, not an exception.
     */
    public DeleteResult deleteManifest(String repository, String digest) {
        ReferenceGrammar.requireDigest(digest);
        RegistryCall call = RegistryCall.manifest(registry, "DELETE", repository, digest, RegistryCall.Access.DELETE);
        HttpResponse<byte[]> response = exchange.exchange(call,
                HttpRequest.newBuilder(manifestUri(repository, digest)).DELETE());
        int status = response.statusCode();
        if (status == 404) {
            return DeleteResult.NOT_FOUND;
        }
        if (status == 405 || (status == 400 && "UNSUPPORTED".equals(errorCode(response)))) {
            return DeleteResult.UNSUPPORTED;
        }
        requireSuccess(call, response);
        return DeleteResult.DELETED;
    }

    /**
     * {@code PUT /v2/<repository>/manifests/<tag>}: tags (or re-tags) a manifest whose blobs already exist in the
     * repository.
     *
     * @return the digest of the manifest
     */
    public String putManifest(String repository, String tag, byte[] body, String mediaType) {
        ReferenceGrammar.requireTag(tag);
        Objects.requireNonNull(body, "body");
        if (mediaType == null || mediaType.isBlank()) {
            throw new IllegalArgumentException("putManifest needs the manifest media type");
        }
        RegistryCall call = RegistryCall.manifest(registry, "PUT", repository, tag, RegistryCall.Access.PUSH);
        HttpResponse<byte[]> response = exchange.exchange(call, HttpRequest.newBuilder(manifestUri(repository, tag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        requireSuccess(call, response);
        String computed = ContentDigest.sha256(body);
        return response.headers().firstValue("Docker-Content-Digest").filter(ReferenceGrammar::isDigest)
                .orElse(computed);
    }

    @Override
    public String toString() {
        return "DistributionClient[" + base + (credentials == null ? ", anonymous" : ", user " + credentials.username())
                + "]";
    }

    private void requireSuccess(RegistryCall call, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        Optional<RegistryErrorBody> error = RegistryErrorBody.parse(response.body());
        String code = error.map(RegistryErrorBody::code).orElse(null);
        String message = call + ": HTTP " + status + error.map(body -> " " + body).orElse("");
        if (status == 429 || status >= 500) {
            throw new RegistryUnavailableException(message, status, code, null);
        }
        throw new RegistryException(message, status, code);
    }

    private static String errorCode(HttpResponse<byte[]> response) {
        return RegistryErrorBody.parse(response.body()).map(RegistryErrorBody::code).orElse(null);
    }

    // ---- small pieces ----

    private URI manifestUri(String repository, String reference) {
        return base.resolve(ReferenceGrammar.requireRepository(repository) + "/manifests/" + reference);
    }

    private static String requireReference(String reference) {
        if (reference != null && reference.startsWith("sha256:")) {
            return ReferenceGrammar.requireDigest(reference);
        }
        return ReferenceGrammar.requireTag(reference);
    }

    private static ManifestDescriptor descriptorOf(Manifest manifest) {
        return new ManifestDescriptor(manifest.digest(), manifest.mediaType(), manifest.bytes().length);
    }

    private boolean sameOrigin(URI location) {
        return Objects.equals(location.getScheme(), base.getScheme())
                && Objects.equals(location.getRawAuthority(), base.getRawAuthority());
    }

    private static URI redirectTarget(RegistryCall call, URI from, HttpResponse<byte[]> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow(() ->
                new RegistryException(call + ": redirect without Location", redirect.statusCode(), null));
        return from.resolve(location);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private URI nextPage(RegistryCall call, HttpResponse<byte[]> response, URI page) {
        Optional<URI> next = PaginationLink.next(response.headers(), page);
        if (next.isPresent() && !sameOrigin(next.get())) {
            throw new RegistryException(call + ": tag pagination leads to another host " + next.get().getAuthority(),
                    response.statusCode(), null);
        }
        return next.orElse(null);
    }

    private static List<String> tagsOf(RegistryCall call, byte[] body) {
        try {
            JsonNode tags = JSON.readTree(body).path("tags");
            List<String> result = new ArrayList<>();
            for (JsonNode tag : tags) { // "tags": null (all manifests deleted) iterates as nothing
                result.add(tag.asText());
            }
            return result;
        } catch (IOException e) {
            throw new RegistryException(call + ": tag list is not JSON", 200, null, e);
        }
    }
}
