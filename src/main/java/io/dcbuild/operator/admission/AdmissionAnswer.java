package io.dcbuild.operator.admission;

/**
 * What the webhook answers one admission request: allowed, or refused with an HTTP-like code (400: the object is
 * invalid; 403: a policy forbids it) and a message for the user ({@code kubectl} prints it after "admission webhook
 * ... denied the request:").
 */
public record AdmissionAnswer(boolean allowed, int code, String message) {

    public static AdmissionAnswer allow() {
        return new AdmissionAnswer(true, 200, "");
    }

    public static AdmissionAnswer invalid(String message) {
        return new AdmissionAnswer(false, 400, message);
    }

    public static AdmissionAnswer forbidden(String message) {
        return new AdmissionAnswer(false, 403, message);
    }

    /** The Status reason matching the code, as the API server's own errors carry it. */
    public String statusReason() {
        return switch (code) {
            case 400 -> "BadRequest";
            case 403 -> "Forbidden";
            default -> "";
        };
    }
}
