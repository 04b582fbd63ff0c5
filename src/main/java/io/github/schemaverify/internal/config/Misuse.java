package io.github.schemaverify.internal.config;

import java.util.List;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * The one shape of every misuse message (a bad annotation value, a bad setting, an annotation without what it needs,
 * a parameter no resolver gives): where, what was expected, what was found, and the fix. Verification failures have
 * their own factories in {@code internal.verify.failure}.
 */
public final class Misuse {

    private Misuse() {
    }

    /**
     * A list setting as a fix writes it, the annotation's attribute and then the property:
     * {@code @MigratedDatabase(schemas = {"public", "audit"}), or the property schemaverify.schemas=public,audit}
     * (messages of every kind give it: misuses, failures, notes).
     */
    public static String listSetting(String attribute, String property, List<String> values) {
        String literal = values.size() == 1 ? "\"" + values.get(0) + "\""
                : values.isEmpty() ? "{}" : "{\"" + String.join("\", \"", values) + "\"}";
        return "@MigratedDatabase(" + attribute + " = " + literal + "), or the property " + property + "="
                + String.join(",", values);
    }

    /**
     * An annotation attribute with a value it does not take: {@code @MigratedDatabase on Class: attribute 'schemas'
     * expects lower-case schema names such as "public", but found "Public". Name the schemas ...}
     *
     * @param where the annotation and its element, e.g. {@code @VerifyIdempotent on com.example.T#m}
     */
    public static ExtensionConfigurationException attribute(String where, String attribute, String expected, Object found,
            String fix) {
        return new ExtensionConfigurationException(where + ": attribute '" + attribute + "' expects " + expected
                + ", but found " + found + "." + sentence(fix));
    }

    /**
     * A setting with a value it does not take: {@code property schemaverify.report is "yes", which is not true or
     * false.}
     *
     * @param where  the annotation and its element when the setting is read for one, else {@code ""}
     * @param origin where the value came from ({@link Setting#origin(String)})
     * @param notA   what the value is not: {@code true or false}, {@code a duration}
     */
    public static ExtensionConfigurationException setting(String where, String origin, String value, String notA, String fix) {
        return new ExtensionConfigurationException((where.isEmpty() ? "" : where + ": ") + origin + " is \"" + value
                + "\", which is not " + notA + "." + sentence(fix));
    }

    /**
     * An annotation, a setting or a method that lacks what it needs: {@code @VerifyRoundTrip on com.example.T#m needs
     * @MigratedDatabase on its class or method, to know which migrations to verify and where.}
     *
     * @param what what is missing and why, from "needs" on: {@code needs @MigratedDatabase on its class ...}
     */
    public static ExtensionConfigurationException requirement(String where, String what, String fix) {
        return new ExtensionConfigurationException(where + " " + what + "." + sentence(fix));
    }

    /** A parameter of a type no resolver gives, with the types that work. */
    public static ParameterResolutionException parameter(String where, String name, Class<?> type, String works, String fix) {
        return new ParameterResolutionException(where + ": parameter '" + name + "' of type " + type.getName()
                + " cannot be given. " + works + "." + sentence(fix));
    }

    private static String sentence(String fix) {
        return fix.isEmpty() ? "" : " " + fix;
    }
}
