package io.dcbuild.operator.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Servlet filter that demands HTTP basic authentication with one fixed user and password, answering 401 with a
 * {@code WWW-Authenticate} challenge otherwise. Used by {@link GitHttpServer} to simulate a private git host.
 */
final class BasicAuthServletFilter implements Filter {

    private final byte[] expectedHeader;

    BasicAuthServletFilter(String username, String password) {
        String token = Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.expectedHeader = ("Basic " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String header = ((HttpServletRequest) request).getHeader("Authorization");
        if (header != null && MessageDigest.isEqual(expectedHeader, header.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        httpResponse.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
        httpResponse.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }
}
