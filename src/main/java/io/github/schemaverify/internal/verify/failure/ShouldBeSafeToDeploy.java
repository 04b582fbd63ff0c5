package io.github.schemaverify.internal.verify.failure;

import java.util.List;
import java.util.stream.Collectors;

import io.github.schemaverify.internal.verify.Failure;

/**
 * The lock policy failures of one revision in one text: the location once, then each failure (its own "Expecting ...,
 * but ..." and fix), in the order of the statements. The cause is the first failure's.
 */
public final class ShouldBeSafeToDeploy {

    private ShouldBeSafeToDeploy() {
    }

    /** @param location e.g. {@code [V7__add_status.sql, locks]} */
    public static Failure create(String location, List<Failure> failures) {
        return new Failure(failures.get(0).cause(), location + "\n"
                + failures.stream().map(Failure::message).collect(Collectors.joining("\n\n")));
    }
}
