package io.dcbuild.operator.gitevents;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git repository's address reduced to what identifies it: {@code host[:port]/path}, lowercase, without scheme,
 * credentials, trailing {@code /} and {@code .git}. {@code https://User:tok@GitHub.com/Org/Repo.git/},
 * {@code ssh://git@github.com/org/repo} and {@code git@github.com:org/repo.git} are all {@code github.com/org/repo}.
 *
 * <p>The port is kept for http(s) when it is not the scheme's default (two servers on one host are two
 * repositories) and dropped for ssh, whose port is never the web server's: a build cloning over ssh matches the
 * host's {@code ssh_url} as well as its clone URL. Paths compare without case, as GitHub, GitLab, Gitea and Bitbucket
 * treat them: where a server tells two paths apart by case only, a push to one also wakes the builds of the other,
 * which costs them one ref check and builds nothing that is not on their ref.
 */
public final class RepositoryAddress {

    /** {@code user@host:path}, git's scp-like syntax (no scheme, a colon before the path, not followed by //). */
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/\\[\\]]+):(?!//)(.+)$");

    private RepositoryAddress() {
    }

    /** The identity of {@code url}, empty when it is not an address of a git repository this can read. */
    public static Optional<String> of(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String text = url.trim();
        if (!text.contains("://")) {
            Matcher scp = SCP_LIKE.matcher(text);
            return scp.matches() ? identity(scp.group(1), -1, scp.group(2)) : Optional.empty();
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || uri.getRawPath() == null) {
                return Optional.empty();
            }
            int port = switch (scheme) {
                case "http" -> uri.getPort() == 80 ? -1 : uri.getPort();
                case "https" -> uri.getPort() == 443 ? -1 : uri.getPort();
                case "ssh", "git+ssh", "ssh+git", "git" -> -1;
                default -> Integer.MIN_VALUE;
            };
            return port == Integer.MIN_VALUE ? Optional.empty() : identity(uri.getHost(), port, uri.getPath());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> identity(String host, int port, String path) {
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.toLowerCase(Locale.ROOT).endsWith(".git")) {
            trimmed = trimmed.substring(0, trimmed.length() - 4);
        }
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((host + (port > 0 ? ":" + port : "") + "/" + trimmed).toLowerCase(Locale.ROOT));
    }
}
