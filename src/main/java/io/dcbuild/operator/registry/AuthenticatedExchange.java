package io.dcbuild.operator.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

/**
 * Sends registry requests with the authorization the registry asked for, and turns transport failures into
 * {@link RegistryUnavailableException}.
 *
 * <p>The first request goes out anonymously. A {@code Basic} challenge is answered with the credentials, a
 * {@code Bearer} challenge with a token for the call's scope. The challenge is remembered so that later requests
 * authenticate up front. One challenge is answered per request; a second 401, or any 403, is a
 * {@link RegistryAuthenticationException}. Credentials and tokens never appear in messages.
 */
final class AuthenticatedExchange {

    private final HttpClient http;
    private final RegistryCredentials credentials;
    private final Duration requestTimeout;
    private final BearerTokenCache tokens;
    private final RegistryRequestListener listener;
    private volatile AuthChallenge challenge;

    AuthenticatedExchange(HttpClient http, RegistryCredentials credentials, Duration requestTimeout,
            BearerTokenCache tokens, RegistryRequestListener listener) {
        this.http = http;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.tokens = tokens;
        this.listener = listener;
    }

    /** Sends with the authorization the registry asked for; answers one 401 challenge, then gives up. */
    HttpResponse<byte[]> exchange(RegistryCall call, HttpRequest.Builder request) {
        request.timeout(requestTimeout);
        String authorization = authorization(call, challenge);
        HttpResponse<byte[]> response = send(call, withAuthorization(request, authorization));
        if (response.statusCode() == 401) {
            response = answerChallenge(call, request, authorization, response);
        }
        if (response.statusCode() == 403) {
            throw refused(call, response, "denied access"
                    + (credentials == null ? " (anonymous)" : " for user '" + credentials.username() + "'"));
        }
        return response;
    }

    private HttpResponse<byte[]> answerChallenge(RegistryCall call, HttpRequest.Builder request, String sentAuthorization,
            HttpResponse<byte[]> unauthorized) {
        AuthChallenge offered = AuthChallenge.preferred(unauthorized.headers().allValues("WWW-Authenticate"))
                .orElseThrow(() -> refused(call, unauthorized, "answered 401 without a WWW-Authenticate challenge"));
        boolean sentBasic = sentAuthorization != null && sentAuthorization.startsWith("Basic ");
        boolean sentBearer = sentAuthorization != null && sentAuthorization.startsWith("Bearer ");
        if (offered.isBasic() && sentBasic) {
            throw refused(call, unauthorized, "rejected the credentials of user '" + credentials.username() + "'");
        }
        if (offered.isBearer() && sentBearer) {
            tokens.forget(call.scopes()); // expired early or revoked: fetch one fresh token
        }
        challenge = offered;
        String authorization = authorization(call, offered);
        if (authorization == null) {
            throw refused(call, unauthorized, "requires authentication but no credentials are configured");
        }
        HttpResponse<byte[]> response = send(call, withAuthorization(request, authorization));
        if (response.statusCode() == 401) {
            throw refused(call, response, offered.isBearer()
                    ? "rejected the bearer token for " + String.join(" ", call.scopes())
                            + (credentials == null ? " (anonymous)" : " of user '" + credentials.username() + "'")
                    : "rejected the credentials of user '" + credentials.username() + "'");
        }
        return response;
    }

    private String authorization(RegistryCall call, AuthChallenge known) {
        if (known == null) {
            return null;
        }
        if (known.isBearer()) {
            return "Bearer " + tokens.token(known, call.scopes(), call.registry());
        }
        if (known.isBasic() && credentials != null) {
            return credentials.basicAuthorization();
        }
        if (!known.isBasic()) {
            throw new RegistryAuthenticationException(call + ": unsupported authentication scheme '"
                    + known.scheme() + "'", 401, null);
        }
        return null;
    }

    private static HttpRequest withAuthorization(HttpRequest.Builder request, String authorization) {
        HttpRequest.Builder copy = request.copy();
        if (authorization != null) {
            copy.setHeader("Authorization", authorization);
        }
        return copy.build();
    }

    /** For targets outside the registry (e.g. a storage redirect): no authorization at all. */
    HttpResponse<byte[]> sendAnonymously(RegistryCall call, HttpRequest.Builder request) {
        return send(call, request.timeout(requestTimeout).build());
    }

    private HttpResponse<byte[]> send(RegistryCall call, HttpRequest request) {
        try {
            listener.requestSending(request.method(), request.uri());
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new RegistryUnavailableException(call + ": timed out (" + e.getMessage() + ")", 0, null, e);
        } catch (ConnectException e) {
            throw new RegistryUnavailableException(call + ": cannot connect to " + request.uri().getAuthority(),
                    0, null, e);
        } catch (SSLHandshakeException e) {
            throw new RegistryException(call + ": TLS handshake with " + request.uri().getAuthority()
                    + " failed (is the registry's CA trusted?): " + e.getMessage(), 0, null, e);
        } catch (IOException e) {
            throw new RegistryUnavailableException(call + ": " + e, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(call + ": interrupted", 0, null, e);
        }
    }

    private RegistryAuthenticationException refused(RegistryCall call, HttpResponse<byte[]> response, String what) {
        String code = RegistryErrorBody.parse(response.body()).map(RegistryErrorBody::code).orElse(null);
        return new RegistryAuthenticationException(call + ": " + what + " (HTTP " + response.statusCode()
                + (code == null ? "" : " " + code) + ")", response.statusCode(), code);
    }
}
