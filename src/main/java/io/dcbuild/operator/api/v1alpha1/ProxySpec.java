package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The company's HTTP proxies, for builder pods and for the operator's own traffic of governed builds. */
public class ProxySpec {

    @Pattern("^https?://\\S+$")
    @JsonPropertyDescription("Proxy for http URLs, such as http://proxy.example.com:3128 (HTTP_PROXY).")
    private String httpProxy;

    @Pattern("^https?://\\S+$")
    @JsonPropertyDescription("Proxy for https URLs (HTTPS_PROXY); also the git proxy of Envbuilder "
            + "(ENVBUILDER_GIT_HTTP_PROXY_URL).")
    private String httpsProxy;

    @JsonPropertyDescription("Comma-separated hosts, domains (.example.com) and IP addresses reached without the "
            + "proxy (NO_PROXY).")
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
