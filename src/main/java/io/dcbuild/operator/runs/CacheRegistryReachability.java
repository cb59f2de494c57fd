package io.dcbuild.operator.runs;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.ImageReference;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * Whether the cache registry of a run answers at all, asked by the operator when a probe or verify pod found no image.
 * Envbuilder cannot tell: its cache lookups take a registry out of reach for a miss (v1.3.0 logs "No cached layer
 * found" and nothing about the connection; seen with the real binary in EnvbuilderContractTest). Without this a
 * registry outage would look like a miss to the probe (a build for nothing, which then fails at its push) and like a
 * lost image to the verify pod (ImageNotFoundAfterBuild after a few tries).
 *
 * <p>The question is {@code GET /v2/} with the run's proxy settings (those its pods get): any HTTP answer, 401 included,
 * or a TLS handshake that fails on trust, means the registry is there; a refused connection, a timeout or an unknown
 * host means it is not.
 */
final class CacheRegistryReachability {

    private final EgressHttpClients http;

    CacheRegistryReachability(EgressHttpClients http) {
        this.http = http;
    }

    /** The phrase that says why the run's cache registry is out of reach (as a pod would say it), or empty. */
    Optional<String> unreachable(DevContainerBuildRun run) {
        ImageReference repo = ImageReference.parse(run.getSpec().getCacheRepo() + ":" + ImageReference.DEFAULT_TAG);
        Map<String, String> env = literalEnv(run);
        boolean plainHttp = "true".equals(env.get("ENVBUILDER_INSECURE"));
        URI uri = URI.create((plainHttp ? "http://" : "https://") + repo.apiHost() + "/v2/");
        ProxySpec proxy = new ProxySpec();
        proxy.setHttpProxy(env.getOrDefault("HTTP_PROXY", ""));
        proxy.setHttpsProxy(env.getOrDefault("HTTPS_PROXY", ""));
        proxy.setNoProxy(env.getOrDefault("NO_PROXY", ""));
        HttpClient client = http.clientFor(EgressSettings.of(Optional.of(proxy), Optional.empty()));
        try {
            client.send(HttpRequest.newBuilder(uri).GET().timeout(http.requestTimeout()).build(),
                    HttpResponse.BodyHandlers.discarding());
            return Optional.empty();
        } catch (SSLException e) {
            return Optional.empty(); // it answered; trust is the pod's business (its CA bundle), not an outage
        } catch (HttpConnectTimeoutException e) {
            return Optional.of("i/o timeout");
        } catch (HttpTimeoutException e) {
            return Optional.of("context deadline exceeded");
        } catch (ConnectException e) {
            return Optional.of(e.getCause() instanceof UnresolvedAddressException ? "no such host"
                    : "connection refused");
        } catch (IOException e) {
            return e.getCause() instanceof SSLException ? Optional.empty() : Optional.of("connection reset by peer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The literal variables of the run's probe pod: the same proxy and insecure settings as all its pods. */
    private static Map<String, String> literalEnv(DevContainerBuildRun run) {
        PodSpec probe = run.getSpec().getPods() == null ? null : run.getSpec().getPods().getProbe();
        List<EnvVar> env = probe == null || probe.getContainers().isEmpty() ? List.of()
                : probe.getContainers().get(0).getEnv();
        return env.stream().filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (first, second) -> first));
    }
}
