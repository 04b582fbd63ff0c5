package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.Trigger;

/** Assertions on a trigger. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TriggerAssert extends AbstractAssert<TriggerAssert, Trigger> {

    TriggerAssert(Trigger actual) {
        super(actual, TriggerAssert.class);
    }

    private String subject() {
        return "trigger " + actual.qualifiedName();
    }

    public TriggerAssert executesFunction(String function) {
        if (!actual.function().equals(function)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "function", function, actual.function()));
        }
        return this;
    }

    /** The definition contains this text, e.g. {@code BEFORE UPDATE} or {@code FOR EACH ROW}. */
    public TriggerAssert fires(String timingAndEvents) {
        if (!actual.definition().contains(timingAndEvents)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "a definition containing", timingAndEvents, actual.definition()));
        }
        return this;
    }

    public TriggerAssert isEnabled() {
        if (actual.enabled() == io.github.schemaverify.schema.TriggerState.DISABLED) {
            failWithMessage("%s", SchemaErrors.shouldBe(subject(), "enabled", "disabled"));
        }
        return this;
    }
}
