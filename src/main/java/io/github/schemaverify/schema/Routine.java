package io.github.schemaverify.schema;

import java.util.Map;

import org.apiguardian.api.API;

/**
 * A function or procedure.
 *
 * @param arguments  the identity arguments ({@code pg_get_function_identity_arguments}), part of the name
 * @param kind       {@code function}, {@code procedure}, {@code aggregate} or {@code window}
 * @param volatility {@code VOLATILE}, {@code STABLE} or {@code IMMUTABLE}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Routine(String schema, String name, String arguments, String kind, String returns, String language,
        String volatility, boolean securityDefiner, String body) implements SchemaObject {
    @Override
    public String qualifiedName() {
        return schema + "." + name + "(" + arguments + ")";
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("returns", returns).put("language", language).put("volatility", volatility)
                .put("security definer", securityDefiner).put("body", body.strip()).build();
    }

    @Override
    public String summary() {
        return (returns.isEmpty() ? "" : "RETURNS " + returns + " ") + "LANGUAGE " + language + " " + volatility
                + (securityDefiner ? " SECURITY DEFINER" : "");
    }
}
