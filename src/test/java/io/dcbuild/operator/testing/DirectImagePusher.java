package io.dcbuild.operator.testing;

import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.ManifestMediaTypes;
import io.dcbuild.operator.registry.RegistryCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Pushes {@link TinyImage}s to a {@link LocalRegistry} straight through the distribution API (blob upload session
 * + manifest PUT), without Jib: three requests per image, many times faster than a Jib push. To a registry
 * client the images look like Envbuilder's cache images: one layer, a config with the {@code created} the caller
 * chose.
 *
 * <p>Thread-safe.
 */
public final class DirectImagePusher {

    private final LocalRegistry registry;
    private final RegistryCredentials credentials;
    private final HttpClient http;
    private final DistributionClient client;

    private DirectImagePusher(LocalRegistry registry, RegistryCredentials credentials) {
        this.registry = registry;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.client = new DistributionClient(DistributionClient.newHttpClient(), registry.hostPort(), true,
                credentials);
    }

    public static DirectImagePusher to(LocalRegistry registry) {
        return new DirectImagePusher(registry, null);
    }

    public DirectImagePusher withCredentials(String username, String password) {
        return new DirectImagePusher(registry, new RegistryCredentials(username, password));
    }

    /** Uploads the layer gzip({@code text}) to {@code repository}, once, for any number of images. */
    public TinyImage.Layer uploadLayer(String repository, String text) {
        TinyImage.Layer layer = TinyImage.Layer.of(text);
        uploadBlob(repository, layer.content());
        return layer;
    }

    /**
     * Pushes {@link TinyImage#of} these inputs under every tag in {@code tags} (at least one).
     *
     * @return the manifest digest; equal inputs give equal digests
     */
    public String push(String repository, TinyImage.Layer layer, Instant created, String createdBy,
            List<String> tags) {
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("push needs at least one tag");
        }
        TinyImage image = TinyImage.of(layer, created, createdBy);
        uploadBlob(repository, image.config());
        String digest = null;
        for (String tag : tags) {
            digest = client.putManifest(repository, tag, image.manifest(), ManifestMediaTypes.DOCKER_MANIFEST);
        }
        return digest;
    }

    /** Uploads a blob with one upload session ({@code POST}, then {@code PUT ?digest=}); returns its digest. */
    public String uploadBlob(String repository, byte[] content) {
        String digest = "sha256:" + Sha256Hex.of(content);
        HttpResponse<String> session = send(HttpRequest.newBuilder(
                URI.create(registry.url() + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (session.statusCode() != 202) {
            throw new IllegalStateException("blob upload session in " + repository + ": HTTP "
                    + session.statusCode() + " " + session.body());
        }
        URI location = URI.create(registry.url()).resolve(session.headers().firstValue("Location").orElseThrow());
        String separator = location.getRawQuery() == null ? "?" : "&";
        HttpResponse<String> upload = send(HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        if (upload.statusCode() != 201) {
            throw new IllegalStateException("blob upload to " + repository + ": HTTP " + upload.statusCode() + " "
                    + upload.body());
        }
        return digest;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (credentials != null) {
            request.header("Authorization", credentials.basicAuthorization());
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading to " + registry, e);
        }
    }
}
