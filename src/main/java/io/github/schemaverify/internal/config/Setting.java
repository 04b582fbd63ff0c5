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
    private final Function<String, String> environment;

    public Setting(Function<String, Optional<String>> parameters, Function<String, String> environment) {
        this.parameters = parameters;
        this.environment = environment;
    }

    /** {@code schemaverify.pg.bin} becomes {@code SCHEMAVERIFY_PG_BIN}. */
    public static String environmentName(String property) {
        return property.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The property value, else the environment value, else empty; blank values count as absent. */
    public Optional<String> lookup(String property) {
        Optional<String> fromProperty = parameters.apply(property).map(String::trim).filter(v -> !v.isEmpty());
        if (fromProperty.isPresent()) {
            return fromProperty;
        }
        return Optional.ofNullable(environment.apply(environmentName(property))).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Where a value came from, for messages: "property schemaverify.server" or "environment SCHEMAVERIFY_SERVER". */
    public String origin(String property) {
        return parameters.apply(property).filter(v -> !v.isBlank()).isPresent()
                ? "property " + property
                : "environment variable " + environmentName(property);
    }
}
