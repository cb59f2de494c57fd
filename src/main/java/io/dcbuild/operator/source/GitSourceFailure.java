package io.dcbuild.operator.source;

import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.internal.JGitText;

/** Turns what JGit threw while talking to a git server into a {@link GitSourceException} of the right kind. */
final class GitSourceFailure {

    /**
     * An HTTP 401 or 403 status in a message: the number on its own, not part of another one (messages carry the
     * URL, whose port may well be 40163).
     */
    private static final Pattern HTTP_REFUSAL = Pattern.compile("(?<![\\d:.])40[13](?![\\d])");


    private GitSourceFailure() {
    }

    /**
     * What JGit threw while talking to the server (its API's or its transport's {@code TransportException}). A
     * missing repository or refused credentials are permanent; anything else is
     * {@link GitSourceException.Kind#UNREACHABLE}, worth retrying.
     */
    static GitSourceException classify(String url, Exception e) {
        String message = rootMessage(e);
        String lower = message.toLowerCase(Locale.ROOT);
        if (hasCause(e, javax.net.ssl.SSLHandshakeException.class)
                || hasCause(e, java.security.cert.CertificateException.class)
                || lower.contains("unable to find valid certification path")) {
            return new GitSourceException(GitSourceException.Kind.TLS_UNTRUSTED,
                    "the TLS certificate of the git server of " + url + " is not trusted: " + message
                            + " (a policy's caBundle can add the company CA)", e);
        }
        if (hasCause(e, NoRemoteRepositoryException.class) || lower.contains("not found")) {
            return new GitSourceException(GitSourceException.Kind.REPOSITORY_NOT_FOUND,
                    "the repository " + url + " was not found (or these credentials may not see it)", e);
        }
        if (lower.contains("not authorized") || lower.contains("authentication is required")
                || lower.contains("authentication not supported") || HTTP_REFUSAL.matcher(lower).find()) {
            return new GitSourceException(GitSourceException.Kind.AUTHENTICATION_FAILED,
                    "the git server refused access to " + url + ": check the credentials Secret", e);
        }
        return new GitSourceException(GitSourceException.Kind.UNREACHABLE,
                "the git server of " + url + " could not be reached: " + message, e);
    }

    /** Whether the server said it does not have (or will not serve) what was asked for, such as a ref. */
    static boolean refusedWant(TransportException e) {
        String lower = rootMessage(e).toLowerCase(Locale.ROOT);
        return lower.contains("does not have") || lower.contains("not valid") || lower.contains("not our ref")
                || lower.contains("unadvertised");
    }

    /**
     * Whether JGit refused to send a filtered fetch because the server does not advertise the {@code filter}
     * capability (it has no partial clone support, or it is turned off).
     */
    static boolean filterNotAdvertised(Exception e) {
        return rootMessage(e).contains(JGitText.get().filterRequiresCapability);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
