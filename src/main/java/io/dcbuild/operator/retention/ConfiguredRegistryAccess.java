package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.registry.RegistryCredentials;
import io.dcbuild.operator.registry.RegistryRequestListener;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link RegistryAccess} from the operator's configuration: one shared JDK client, plain http only for the hosts
 * configured as such, and credentials looked up per registry host (for example from a docker config Secret).
 */
public final class ConfiguredRegistryAccess implements RegistryAccess {

    private final HttpClient http;
    private final PlainHttpRegistries plainHttp;
    private final Function<String, Optional<RegistryCredentials>> credentials;
    private final Duration requestTimeout;

    /**
     * @param credentials registry host to credentials; empty for anonymous access
     */
    public ConfiguredRegistryAccess(HttpClient http, PlainHttpRegistries plainHttp,
            Function<String, Optional<RegistryCredentials>> credentials, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.plainHttp = Objects.requireNonNull(plainHttp, "plainHttp");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    public ConfiguredRegistryAccess(HttpClient http, PlainHttpRegistries plainHttp,
            Function<String, Optional<RegistryCredentials>> credentials) {
        this(http, plainHttp, credentials, DistributionClient.DEFAULT_REQUEST_TIMEOUT);
    }

    @Override
    public DistributionClient client(String registryHost, RegistryRequestListener listener) {
        return new DistributionClient(http, registryHost, plainHttp.isPlainHttp(registryHost),
                credentials.apply(registryHost).orElse(null), requestTimeout, listener);
    }
}
