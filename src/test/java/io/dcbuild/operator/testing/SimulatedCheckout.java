package io.dcbuild.operator.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The clone step of a simulated Envbuilder run: a real JGit shallow clone (depth 1) of the ref in
 * {@code ENVBUILDER_GIT_URL}'s fragment, with {@code ENVBUILDER_GIT_USERNAME}/{@code _PASSWORD} when given.
 * With {@code ENVBUILDER_GIT_HTTP_PROXY_URL} the clone goes through that HTTP proxy (see
 * {@link PerThreadProxySelector}); with {@code ENVBUILDER_SSL_CERT_BASE64} it trusts that certificate.
 */
final class SimulatedCheckout {

    private SimulatedCheckout() {
    }

    /** Clones into {@code directory} and returns the checked-out commit SHA. */
    static String cloneInto(EnvbuilderOptions options, Path directory, EnvbuilderLog log) throws EnvbuilderFailure {
        log.stage(1, "📦 Cloning " + options.gitUrl() + " to " + workspacePath(options.gitUrl()) + "...");
        CloneCommand clone = Git.cloneRepository()
                .setURI(options.gitUrl())
                .setDirectory(directory.toFile())
                .setDepth(1);
        options.gitRef().ifPresent(ref -> clone.setBranchesToClone(List.of(ref)).setBranch(ref));
        if (options.gitUsername().isPresent() || options.gitPassword().isPresent()) {
            clone.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                    options.gitUsername().orElse(""), options.gitPassword().orElse("")));
        }
        // Like Envbuilder, the clone trusts the certificate given in ENVBUILDER_SSL_CERT_BASE64.
        options.sslCertPem().ifPresent(pem -> {
            TrustingJdkConnectionFactory connections = new TrustingJdkConnectionFactory(pem);
            clone.setTransportConfigCallback(transport -> {
                if (transport instanceof org.eclipse.jgit.transport.TransportHttp http) {
                    http.setHttpConnectionFactory(connections);
                }
            });
        });
        try (PerThreadProxySelector.Scope proxy = proxyScope(options); Git git = clone.call()) {
            var head = git.getRepository().resolve("HEAD");
            if (head == null) {
                throw new EnvbuilderFailure("error: clone repository: couldn't find remote ref \""
                        + options.gitRef().orElse("HEAD") + "\"");
            }
            log.stage(1, "📦 Cloned repository! [" + head.name().substring(0, 12) + "]");
            return head.name();
        } catch (TransportException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("not authorized") || message.contains("Authentication is required")
                    || message.contains("authentication not supported")) {
                throw new EnvbuilderFailure("error: clone repository: authentication required", e);
            }
            if (message.contains("not found")) {
                throw new EnvbuilderFailure("error: clone repository: couldn't find remote ref \""
                        + options.gitRef().orElse("HEAD") + "\"", e);
            }
            throw new EnvbuilderFailure("error: clone repository: " + message, e);
        } catch (GitAPIException | java.io.IOException e) {
            throw new EnvbuilderFailure("error: clone repository: " + e.getMessage(), e);
        }
    }

    private static PerThreadProxySelector.Scope proxyScope(EnvbuilderOptions options) {
        return options.gitHttpProxyUrl()
                .map(url -> PerThreadProxySelector.use(URI.create(url)))
                .orElse(() -> { });
    }

    /** Where Envbuilder would put the clone: {@code /workspaces/<repository name>}. */
    static String workspacePath(String gitUrl) {
        String trimmed = gitUrl.replaceAll("/+$", "");
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1).replaceFirst("\\.git$", "");
        return "/workspaces/" + name;
    }
}
