package io.github.schemaverify.internal.config;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where configuration values come from after the annotation: JUnit configuration parameters (which fall back to
 * system properties), then environment variables. The one place that decides precedence.
 */
public final class Setting {
    private final Function<String, Optional<String>> parameters;
    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;

    public Setting(Function<String, Optional<String>> parameters, Function<String, String> systemProperties,
            Function<String, String> environment) {
        this.parameters = parameters;
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** {@code schemaverify.pg.bin} becomes {@code SCHEMAVERIFY_PG_BIN}. */
    public static String environmentName(String property) {
        return property.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * The configuration parameter, else the system property (JUnit falls back to it, but not every launcher does),
     * else the environment value, else empty; blank values count as absent.
     */
    public Optional<String> lookup(String property) {
        Optional<String> fromProperty = parameter(property);
        if (fromProperty.isPresent()) {
            return fromProperty;
        }
        return Optional.ofNullable(environment.apply(environmentName(property))).map(String::trim).filter(v -> !v.isEmpty());
    }

    private Optional<String> parameter(String property) {
        Optional<String> value = parameters.apply(property).map(String::trim).filter(v -> !v.isEmpty());
        return value.isPresent() ? value
                : Optional.ofNullable(systemProperties.apply(property)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Where a value came from, for messages: "property schemaverify.server" or "environment SCHEMAVERIFY_SERVER". */
    public String origin(String property) {
        return parameter(property).isPresent()
                ? "property " + property
                : "environment variable " + environmentName(property);
    }
}
