package io.dcbuild.operator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.ManifestMediaTypes;
import io.dcbuild.operator.registry.RegistryCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes tiny single-layer Docker v2.2 images to a {@link LocalRegistry} straight through the distribution API
 * (blob upload session + manifest PUT), without Jib: about three requests per image, fast enough to fill a
 * repository with thousands of cache tags. The images look like Envbuilder's cache images to a registry client:
 * one gzip layer, a config whose {@code created} is chosen by the caller and whose history names the step.
 * The layer is gzip of a short text, not a tar: registries never look inside.
 *
 * <p>Thread-safe; uploads from several threads at once are fine.
 */
public final class DirectImagePusher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG_TYPE = "application/vnd.docker.container.image.v1+json";
    private static final String LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip";

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

    /** A layer uploaded once and shared by any number of images. */
    public record Layer(String digest, long size, String diffId) {
    }

    /** Uploads gzip({@code text}) as a layer blob of {@code repository}. */
    public Layer uploadLayer(String repository, String text) {
        byte[] uncompressed = text.getBytes(StandardCharsets.UTF_8);
        byte[] gzip = gzip(uncompressed);
        String digest = uploadBlob(repository, gzip);
        return new Layer(digest, gzip.length, "sha256:" + Sha256Hex.of(uncompressed));
    }

    /**
     * Pushes an image of one layer whose config has {@code created} and a history entry {@code createdBy}, under
     * every tag in {@code tags} (at least one).
     *
     * @return the manifest digest; equal inputs give equal digests
     */
    public String push(String repository, Layer layer, Instant created, String createdBy, List<String> tags) {
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("push needs at least one tag");
        }
        byte[] config = config(layer, created, createdBy);
        String configDigest = uploadBlob(repository, config);
        byte[] manifest = manifest(configDigest, config.length, layer);
        String digest = null;
        for (String tag : tags) {
            digest = client.putManifest(repository, tag, manifest, ManifestMediaTypes.DOCKER_MANIFEST);
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

    private static byte[] config(Layer layer, Instant created, String createdBy) {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", created.toString());
        config.putObject("config");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(layer.diffId());
        ObjectNode history = config.putArray("history").addObject();
        history.put("created", created.toString());
        history.put("created_by", createdBy);
        return bytes(config);
    }

    private static byte[] manifest(String configDigest, long configSize, Layer layer) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", ManifestMediaTypes.DOCKER_MANIFEST);
        ObjectNode config = manifest.putObject("config");
        config.put("mediaType", CONFIG_TYPE);
        config.put("size", configSize);
        config.put("digest", configDigest);
        ObjectNode entry = manifest.putArray("layers").addObject();
        entry.put("mediaType", LAYER_TYPE);
        entry.put("size", layer.size());
        entry.put("digest", layer.digest());
        return bytes(manifest);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
