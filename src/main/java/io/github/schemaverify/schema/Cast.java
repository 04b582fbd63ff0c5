package io.github.schemaverify.schema;

import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A cast that a migration created ({@code CREATE CAST}); casts belong to the database, not to a schema, so every cast
 * not built in and not an extension's is listed.
 *
 * @param function the function of {@link CastMethod#FUNCTION}, with its argument types, else {@code ""}
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record Cast(String source, String target, CastMethod method, String function, CastContext context)
        implements SchemaObject {
    @Override
    public String kind() {
        return "cast";
    }

    @Override
    public String qualifiedName() {
        return "(" + source + " AS " + target + ")";
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("method", method.sql()).put("function", function).put("context", context.name()).build();
    }

    @Override
    public String summary() {
        return method.sql() + (function.isEmpty() ? "" : " " + function) + (context.sql().isEmpty() ? "" : " " + context.sql());
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Cast o
                && Objects.equals(source, o.source)
                && Objects.equals(target, o.target)
                && Objects.equals(method, o.method)
                && Objects.equals(function, o.function)
                && Objects.equals(context, o.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, target, method, function, context);
    }
}
