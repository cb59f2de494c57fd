package io.dcbuild.operator.inbound;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads the body of a request the operator serves (the git push receiver, the admission webhook) up to a bound:
 * refused as soon as its declared length or its bytes pass it, and nothing beyond the bound is kept.
 */
public final class BoundedRequestBody {

    private BoundedRequestBody() {
    }

    /**
     * @param tooLarge called once, instead of {@code body}, when the body passes {@code max} bytes
     * @param body     called with the whole body once it has ended within the bound
     */
    public static void read(HttpServerRequest request, long max, Runnable tooLarge, Consumer<byte[]> body) {
        if (declaredLength(request) > max) {
            drop(request);
            tooLarge.run();
            return;
        }
        Buffer received = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return; // dropped
            }
            if (received.length() + chunk.length() > max) {
                refused[0] = true;
                tooLarge.run();
                return;
            }
            received.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> refused[0] = true);
        request.endHandler(end -> {
            if (!refused[0]) {
                body.accept(received.getBytes());
            }
        });
        request.resume(); // a routed request arrives paused
    }

    /** Reads and drops the body of a request answered without it. */
    public static void drop(HttpServerRequest request) {
        request.handler(chunk -> { });
        request.resume();
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not a length: refused like a body too large
        }
    }
}
