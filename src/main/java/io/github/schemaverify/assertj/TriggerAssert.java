package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldBe.shouldBe;
import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Trigger;

/** Assertions on a trigger. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class TriggerAssert extends SchemaAssert<TriggerAssert, Trigger> {

    public TriggerAssert(Trigger actual) {
        super(actual, TriggerAssert.class);
        if (actual != null) {
            describedAs("trigger " + actual.qualifiedName());
        }
    }

    private static String subject(Trigger t) {
        return "trigger " + t.qualifiedName();
    }

    public TriggerAssert executesFunction(String function) {
        return check(t -> t.function().equals(function), t -> shouldHaveProperty(subject(t), "function", function, t.function()));
    }

    /** The definition contains this text, e.g. {@code BEFORE UPDATE} or {@code FOR EACH ROW}. */
    public TriggerAssert fires(String timingAndEvents) {
        return check(t -> t.definition().contains(timingAndEvents),
                t -> shouldHaveProperty(subject(t), "a definition containing", timingAndEvents, t.definition()));
    }

    public TriggerAssert isEnabled() {
        return check(t -> t.enabled() != io.github.schemaverify.schema.TriggerState.DISABLED,
                t -> shouldBe(subject(t), "enabled", "disabled"));
    }
}
