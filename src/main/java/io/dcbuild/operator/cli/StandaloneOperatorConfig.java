package io.dcbuild.operator.cli;

import io.dcbuild.operator.config.OperatorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator's configuration outside Quarkus: the {@code @WithDefault} values of {@link OperatorConfig}, overridden
 * like in the operator by environment variables ({@code DCBUILD_BUILDER_DEFAULT_IMAGE}) and system properties
 * ({@code -Ddcbuild.builder.default-image=...}), and by the command line's plain-http registry hosts.
 */
public final class StandaloneOperatorConfig {

    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^[\\w.$]+(Exception|Error):\\s*");

    /** Above system properties (400) and environment variables (300). */
    private static final int COMMAND_LINE_ORDINAL = 500;

    private StandaloneOperatorConfig() {
    }

    /** SmallRye lists the problems after a heading line, each prefixed with an exception class name. */
    private static String firstProblem(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String problem = lines.size() > 1 ? lines.get(1) : lines.get(0);
        return EXCEPTION_PREFIX.matcher(problem).replaceFirst("");
    }

    public static OperatorConfig create(List<String> plainHttpHosts) throws UsageException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addSystemSources()
                // Quarkus reads durations such as 5m or 30s; plain SmallRye only ISO-8601 (PT5M).
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(OperatorConfig.class);
        if (!plainHttpHosts.isEmpty()) {
            builder.withSources(new PropertiesConfigSource(
                    Map.of("dcbuild.registry.plain-http-hosts", String.join(",", plainHttpHosts)),
                    "preflight command line", COMMAND_LINE_ORDINAL));
        }
        try {
            return builder.build().getConfigMapping(OperatorConfig.class);
        } catch (RuntimeException e) {
            throw new UsageException("the operator configuration (DCBUILD_* environment variables or dcbuild.* "
                    + "system properties) is invalid: " + firstProblem(e));
        }
    }
}
