package io.dcbuild.operator.testing;

import io.dcbuild.operator.config.OperatorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** The operator's typed configuration outside Quarkus: its defaults, with these {@code dcbuild.*} properties set. */
public final class OperatorSettings {

    private OperatorSettings() {
    }

    public static OperatorConfig with(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(OperatorConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build().getConfigMapping(OperatorConfig.class);
    }
}
