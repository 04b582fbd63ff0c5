package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * An event trigger ({@code CREATE EVENT TRIGGER}); event triggers belong to the database, so every one is listed
 * except SchemaVerify's own ({@code schemaverify_walk_*}, in the databases its round trips walk).
 *
 * @param event    {@code ddl_command_start}, {@code ddl_command_end}, {@code sql_drop}, {@code table_rewrite}, ...
 * @param function the function it executes
 * @param tags     {@code WHEN TAG IN (...)}, else empty
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record EventTrigger(String name, String event, String function, List<String> tags, TriggerState enabled, String owner)
        implements SchemaObject {
    public EventTrigger {
        tags = tags.stream().sorted().toList();
    }

    @Override
    public String kind() {
        return "event trigger";
    }

    @Override
    public String qualifiedName() {
        return name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("event", event).put("function", function).put("tags", tags).put("enabled", enabled.code())
                .put(Props.OWNER, owner).build();
    }

    @Override
    public String summary() {
        return "ON " + event + (tags.isEmpty() ? "" : " WHEN TAG IN ('" + String.join("', '", tags) + "')")
                + " EXECUTE FUNCTION " + function + "()" + (enabled == TriggerState.ORIGIN ? "" : " " + enabled.name());
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof EventTrigger o
                && Objects.equals(name, o.name)
                && Objects.equals(event, o.event)
                && Objects.equals(function, o.function)
                && Objects.equals(tags, o.tags)
                && Objects.equals(enabled, o.enabled)
                && Objects.equals(owner, o.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, event, function, tags, enabled, owner);
    }
}
