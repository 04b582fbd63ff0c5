package io.github.schemaverify.internal.config;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import io.github.schemaverify.VerifyRoundTrip;

/**
 * Where a round trip starts ({@code @VerifyRoundTrip(from = ...)} or {@value VerifyRoundTrip#FROM_PROPERTY}), as
 * written, checked for its form: the whole chain, a version, or the first revision changed since a git ref. Whether
 * the version exists is decided against the chain ({@code internal.verify.WalkStart}).
 *
 * @param where      the annotation and its element, for messages: {@code @VerifyRoundTrip on com.example.T#m}
 * @param annotated  whether the value was written on the annotation (else it came from the property or environment)
 * @param origin     where the value came from: {@code attribute 'from'}, {@code property schemaverify.roundtrip.from}
 * @param value      the value as written, e.g. {@code git:origin/main}
 */
public record WalkFrom(Kind kind, String version, String ref, String where, boolean annotated, String origin, String value) {

    /** The whole chain, a version, or a git ref. */
    public enum Kind { ALL, VERSION, GIT }

    /** The whole chain, from an empty database (nothing set). */
    public static WalkFrom all(String where) {
        return new WalkFrom(Kind.ALL, "", "", where, false, "", "");
    }

    /** How messages name the setting and its value: {@code from = "git:origin/main"}. */
    public String describe() {
        return (annotated ? "from" : origin.replaceFirst("^(property|environment variable) ", "")) + " = \"" + value + "\"";
    }

    /**
     * A misuse of this value, in the shape of the place it came from: for the attribute, {@code ... attribute 'from'
     * expects <expected>, but found "<value>"<why>.}; for a property, {@code ... property ... is "<value>", which is not
     * <expected><why>.}
     *
     * @param why what about the value is wrong, starting with a comma or empty: {@code , which no migration has}
     */
    public ExtensionConfigurationException misuse(String expected, String why, String fix) {
        return annotated ? Misuse.attribute(where, "from", expected, "\"" + value + "\"" + why, fix)
                : Misuse.setting(where, origin, value, expected + why, fix);
    }

    /** A requirement the value brings that is not met: {@code @VerifyRoundTrip on T#m with from = "git:x" needs ...}. */
    public ExtensionConfigurationException requirement(String what, String fix) {
        return Misuse.requirement(where + " with " + describe(), what, fix);
    }
}
