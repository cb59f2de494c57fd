package io.dcbuild.operator.registry;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code rel="next"} target of an RFC 8288 {@code Link} header, resolved against the request URI. */
final class PaginationLink {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    private PaginationLink() {
    }

    static Optional<URI> next(HttpHeaders headers, URI requestUri) {
        for (String value : headers.allValues("Link")) {
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                Matcher rel = REL_NEXT.matcher(link.group(2));
                while (rel.find()) {
                    for (String relation : rel.group(1).trim().split("\\s+")) {
                        if (relation.toLowerCase(Locale.ROOT).equals("next")) {
                            return Optional.of(requestUri.resolve(link.group(1).trim()));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
