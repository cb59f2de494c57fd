package io.dcbuild.operator.runs;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a failed Envbuilder pod says that a server it needs (the registry, the git server, a proxy) could not be
 * reached, rather than that the build itself went wrong. Envbuilder (Go, go-containerregistry, go-git) prints the
 * network errors of Go's standard library and HTTP status lines of gateways; those are what is looked for. A
 * build error (a RUN step that exits 1, a Dockerfile that does not parse, a push that is refused) contains none.
 */
final class UnreachableServerLine {

    private static final Pattern UNREACHABLE = Pattern.compile("connection refused|no such host|i/o timeout"
            + "|tls handshake timeout|connection reset by peer|network is unreachable|no route to host"
            + "|server misbehaving|context deadline exceeded|unexpected eof"
            // a connection closed before any answer (Go: Post "<url>": EOF), as a proxy does with a kept-alive one
            + "|\": eof"
            + "|502 bad gateway|503 service unavailable|504 gateway timeout");

    private UnreachableServerLine() {
    }

    /** The phrase that says a server was out of reach (never the whole line: the run keeps no log), if any. */
    static Optional<String> find(String log) {
        if (log == null) {
            return Optional.empty();
        }
        Matcher matcher = UNREACHABLE.matcher(log.toLowerCase(Locale.ROOT));
        String found = null;
        while (matcher.find()) {
            found = matcher.group(); // the last one: the error that ended the pod
        }
        return Optional.ofNullable(found);
    }
}
