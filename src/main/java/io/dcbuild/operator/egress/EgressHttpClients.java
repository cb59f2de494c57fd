package io.dcbuild.operator.egress;

import io.dcbuild.operator.registry.DistributionClient;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JDK HTTP clients for registry traffic, one per egress setting (proxy and CA), created once and shared. Redirects
 * are not followed by the client (the distribution client follows blob redirects itself, dropping credentials
 * when the host changes).
 */
public class EgressHttpClients {

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Map<EgressSettings, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * @param connectTimeout of each connection
     * @param requestTimeout of each registry request (dcbuild.registry.request-timeout), for the callers' requests
     */
    public EgressHttpClients(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** How long a registry request may take before it counts as failed (the registry as unreachable). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public HttpClient clientFor(EgressSettings settings) {
        return clients.computeIfAbsent(settings, this::create);
    }

    private HttpClient create(EgressSettings settings) {
        if (settings.equals(EgressSettings.direct())) {
            return DistributionClient.newHttpClient(connectTimeout);
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(new PolicyProxySelector(settings));
        settings.caBundlePem().ifPresent(pem -> builder.sslContext(TrustedCertificates.sslContext(pem)));
        return builder.build();
    }

    /** HTTP(S)_PROXY and NO_PROXY as a ProxySelector. */
    private static final class PolicyProxySelector extends ProxySelector {
        private final EgressSettings settings;

        PolicyProxySelector(EgressSettings settings) {
            this.settings = settings;
        }

        @Override
        public List<Proxy> select(URI uri) {
            return List.of(settings.proxyFor(uri));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            // the request fails and is reported by the caller
        }
    }
}
