package io.dcbuild.operator.retention;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.SecretReference;
import io.dcbuild.operator.builds.BuildSecretsReader;
import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.DockerConfigJson;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.registry.RegistryCredentials;
import io.dcbuild.operator.registry.RepositoryIdentity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One retention run for the builds a policy governs: sweep their cache repositories, with the marks of every
 * build in every namespace, reaching each registry with the credentials the builds themselves use.
 */
public class PolicyRetentionRun {

    /** How old the builds read by the fence before a delete may be. */
    private static final Duration FENCE_MAX_AGE = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final EgressHttpClients http;
    private final PlainHttpRegistries plainHttp;
    private final Clock clock;

    public PolicyRetentionRun(KubernetesClient client, EgressHttpClients http, PlainHttpRegistries plainHttp,
            Clock clock) {
        this.client = client;
        this.http = http;
        this.plainHttp = plainHttp;
        this.clock = clock;
    }

    /** @param egress the policy's proxy and CA, for the registry requests */
    public RetentionReport run(Collection<DevContainerBuild> governed, Collection<DevContainerBuild> allBuilds,
            RetentionSettings settings, EgressSettings egress, Optional<String> defaultCacheRepo) {
        TreeSet<String> repositories = new TreeSet<>();
        List<DockerConfigJson> configs = new ArrayList<>();
        for (DevContainerBuild build : governed) {
            String own = build.getSpec() == null || build.getSpec().getCache() == null ? null
                    : build.getSpec().getCache().getRepo();
            Optional.ofNullable(own).filter(r -> !r.isBlank()).or(() -> defaultCacheRepo)
                    .ifPresent(repositories::add);
            dockerConfigOf(build).ifPresent(configs::add);
        }
        ConfiguredRegistryAccess access = new ConfiguredRegistryAccess(http.clientFor(egress), plainHttp,
                host -> firstCredentials(configs, host), http.requestTimeout());
        // Marks come from every build in every namespace, but only this policy's repositories are swept.
        Set<String> swept = new TreeSet<>();
        for (String repository : repositories) {
            identityOf(repository).ifPresent(swept::add);
        }
        List<String> marks = MarkSet.recordedImages(allBuilds).stream()
                .filter(image -> image != null && identityOf(image).filter(swept::contains).isPresent())
                .toList();
        return new CacheRetention(access, clock).run(MarkSet.of(marks), repositories, settings, recordedNow());
    }

    /**
     * The fence before each delete: the builds of every namespace listed again (at most once a second). When they
     * cannot be listed, every digest counts as recorded: nothing is deleted rather than something recorded.
     */
    private RecordedNow recordedNow() {
        RecordedNow fresh = RecordedNow.readingAgain(() -> MarkSet.ofBuilds(client.resources(DevContainerBuild.class)
                .inAnyNamespace().list().getItems()), FENCE_MAX_AGE.toNanos(), System::nanoTime);
        return (repository, digest) -> {
            try {
                return fresh.isRecorded(repository, digest);
            } catch (RuntimeException cannotList) {
                return true;
            }
        };
    }

    /** The repository of an image or repository reference by {@link RepositoryIdentity}; empty if unreadable. */
    private static Optional<String> identityOf(String reference) {
        try {
            return Optional.of(RepositoryIdentity.of(ImageReference.parse(reference.strip())));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty(); // reported by the mark set when it is a recorded image
        }
    }

    private Optional<DockerConfigJson> dockerConfigOf(DevContainerBuild build) {
        SecretReference ref = build.getSpec() == null ? null : build.getSpec().getRegistryCredentialsSecretRef();
        if (ref == null || ref.getName() == null) {
            return Optional.empty();
        }
        Secret secret = client.secrets().inNamespace(build.getMetadata().getNamespace()).withName(ref.getName()).get();
        if (secret == null || secret.getData() == null
                || secret.getData().get(BuildSecretsReader.DOCKER_CONFIG_KEY) == null) {
            return Optional.empty();
        }
        byte[] json = Base64.getDecoder().decode(secret.getData().get(BuildSecretsReader.DOCKER_CONFIG_KEY));
        try {
            return Optional.of(DockerConfigJson.parse(new String(json, StandardCharsets.UTF_8)));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** The credentials the first docker config that knows the host holds for it. */
    static Optional<RegistryCredentials> firstCredentials(List<DockerConfigJson> configs, String host) {
        return configs.stream().map(c -> c.credentialsFor(host)).flatMap(Optional::stream).findFirst();
    }
}
