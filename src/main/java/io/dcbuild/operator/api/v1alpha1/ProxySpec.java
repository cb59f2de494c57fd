package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The company's HTTP proxies, for builder pods and for the operator's own traffic of governed builds. */
public class ProxySpec {

    @Pattern("^https?://\\S+$")
    @JsonPropertyDescription("Proxy URL for http traffic, such as http://proxy.example.com:3128 (HTTP_PROXY and "
            + "http_proxy in the pods). Proxies that need authentication are not supported.")
    private String httpProxy;

    @Pattern("^https?://\\S+$")
    @JsonPropertyDescription("Proxy URL for https traffic (HTTPS_PROXY and https_proxy in the pods); also "
            + "Envbuilder's git proxy (ENVBUILDER_GIT_HTTP_PROXY_URL).")
    private String httpsProxy;

    @JsonPropertyDescription("Comma-separated hosts, domains (.example.com) and IP addresses reached without the "
            + "proxy (NO_PROXY and no_proxy in the pods), such as .corp.example.com,.svc,10.0.0.0/8. The "
            + "operator's own traffic matches host names and domain suffixes only.")
    private String noProxy;

    public String getHttpProxy() {
        return httpProxy;
    }

    public void setHttpProxy(String httpProxy) {
        this.httpProxy = httpProxy;
    }

    public String getHttpsProxy() {
        return httpsProxy;
    }

    public void setHttpsProxy(String httpsProxy) {
        this.httpsProxy = httpsProxy;
    }

    public String getNoProxy() {
        return noProxy;
    }

    public void setNoProxy(String noProxy) {
        this.noProxy = noProxy;
    }
}
