package io.dcbuild.operator.clusterproxy;

import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxy of an OpenShift cluster as its {@code config.openshift.io/v1} {@code Proxy} named {@code cluster} states
 * it in {@code status} (what OpenShift computed from {@code spec}: the proxies, and {@code noProxy} with the
 * cluster's own networks, {@code .cluster.local}, {@code .svc} and the API server added). Empty fields are unset;
 * {@code noProxy} loses blank and repeated entries, and nothing is added to it.
 *
 * @param problems why the proxy cannot be used (a field that is not an http(s) URL, a URL with credentials, which
 *                 would be literal values in pod specs); never quoting a credential
 */
public record ClusterProxy(Optional<String> httpProxy, Optional<String> httpsProxy, Optional<String> noProxy,
        List<String> problems) {

    public static final String API_VERSION = "config.openshift.io/v1";
    public static final String KIND = "Proxy";
    public static final String NAME = "cluster";
    /** How a build's status names it. */
    public static final String DESCRIPTION = API_VERSION + " Proxy " + NAME;

    private static final Pattern PROXY_URL = Pattern.compile("^https?://\\S+$");

    /** The proxy the object's status states; empty when it states none (no httpProxy, no httpsProxy). */
    public static Optional<ClusterProxy> of(GenericKubernetesResource proxy) {
        Object status = proxy == null || proxy.getAdditionalProperties() == null ? null
                : proxy.getAdditionalProperties().get("status");
        Map<?, ?> fields = status instanceof Map<?, ?> map ? map : Map.of();
        Optional<String> http = text(fields.get("httpProxy"));
        Optional<String> https = text(fields.get("httpsProxy"));
        if (http.isEmpty() && https.isEmpty()) {
            return Optional.empty(); // every OpenShift cluster has the object; most state no proxy in it
        }
        List<String> problems = new ArrayList<>();
        http.flatMap(url -> problem("status.httpProxy", url)).ifPresent(problems::add);
        https.flatMap(url -> problem("status.httpsProxy", url)).ifPresent(problems::add);
        return Optional.of(new ClusterProxy(http, https, text(fields.get("noProxy")).flatMap(ClusterProxy::hosts),
                List.copyOf(problems)));
    }

    /** As a policy's proxy would say it: what builder pods and the operator's own traffic use. */
    public ProxySpec asProxySpec() {
        ProxySpec spec = new ProxySpec();
        spec.setHttpProxy(httpProxy.orElse(null));
        spec.setHttpsProxy(httpsProxy.orElse(null));
        spec.setNoProxy(noProxy.orElse(null));
        return spec;
    }

    /** For logs and messages: proxy URLs without user information. */
    @Override
    public String toString() {
        return "httpProxy=" + httpProxy.map(ClusterProxy::redacted).orElse("(none)") + ", httpsProxy="
                + httpsProxy.map(ClusterProxy::redacted).orElse("(none)") + ", noProxy=" + noProxy.orElse("(none)");
    }

    private static Optional<String> problem(String field, String url) {
        if (!PROXY_URL.matcher(url).matches()) {
            return Optional.of(field + " of " + DESCRIPTION + " is not an http:// or https:// URL");
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                return Optional.of(field + " of " + DESCRIPTION + " names no host");
            }
            if (uri.getRawUserInfo() != null) {
                return Optional.of(field + " of " + DESCRIPTION + " holds credentials (" + redacted(url) + "), which "
                        + "would be literal values in the pod specs of builds");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of(field + " of " + DESCRIPTION + " is not a valid URL");
        }
    }

    /** {@code scheme://***@host...}: never the user information of a URL. */
    static String redacted(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@', Math.max(scheme, 0));
        int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && at > slash)) {
            return url;
        }
        return url.substring(0, scheme + 3) + "***" + url.substring(at);
    }

    private static Optional<String> hosts(String noProxy) {
        LinkedHashSet<String> entries = new LinkedHashSet<>();
        Arrays.stream(noProxy.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).forEach(entries::add);
        return entries.isEmpty() ? Optional.empty() : Optional.of(String.join(",", entries));
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
    }
}
