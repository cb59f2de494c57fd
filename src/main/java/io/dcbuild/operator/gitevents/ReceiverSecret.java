package io.dcbuild.operator.gitevents;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The shared secret of the git hosts' webhooks: the key {@code secret} of a Secret in the operator's namespace, read
 * with a GET when a delivery needs it and kept for a short while (a rotated secret is used within that time; a
 * flood of deliveries costs one GET per period). Its value is never logged, put in an answer or in any status.
 */
public class ReceiverSecret {

    public static final String KEY = "secret";
    private static final Logger LOG = Logger.getLogger(ReceiverSecret.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Duration keepFor;
    private final Clock clock;
    private Read last;

    /** What the last read found: the secret's bytes, or why there are none (a sentence without the value). */
    private record Read(Instant at, byte[] secret, String problem) {
    }

    public ReceiverSecret(KubernetesClient client, String namespace, String name, Duration keepFor, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.keepFor = keepFor;
        this.clock = clock;
    }

    /** The secret, or a sentence saying why it cannot be used (missing Secret, missing or empty key, API error). */
    public synchronized Result current() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.at().plus(keepFor))) {
            last = read(now);
        }
        return last.secret() == null ? new Result(Optional.empty(), last.problem())
                : new Result(Optional.of(last.secret().clone()), null);
    }

    /** The secret's bytes, or the problem. */
    public record Result(Optional<byte[]> secret, String problem) {
    }

    private Read read(Instant now) {
        String what = "the Secret " + namespace + "/" + name;
        try {
            Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
            if (secret == null) {
                return problem(now, what + " does not exist");
            }
            String encoded = secret.getData() == null ? null : secret.getData().get(KEY);
            if (encoded == null && secret.getStringData() != null) {
                encoded = secret.getStringData().get(KEY);
            }
            byte[] value = encoded == null ? new byte[0] : Base64.getDecoder().decode(encoded.trim());
            if (value.length == 0) {
                return problem(now, what + " has no key '" + KEY + "' or it is empty");
            }
            return new Read(now, value, null);
        } catch (IllegalArgumentException e) {
            return problem(now, what + ": the key '" + KEY + "' is not base64");
        } catch (KubernetesClientException e) {
            // not kept: asked again at the next delivery
            String problem = what + " cannot be read (HTTP " + e.getCode() + ")";
            LOG.warn(problem);
            return new Read(Instant.MIN, null, problem);
        }
    }

    private Read problem(Instant now, String problem) {
        LOG.warn("git push receiver: " + problem + "; deliveries are answered 503 until it is fixed");
        return new Read(now, null, problem);
    }
}
