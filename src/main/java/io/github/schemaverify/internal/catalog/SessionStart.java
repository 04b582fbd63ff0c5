package io.github.schemaverify.internal.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.WeakHashMap;

/**
 * The settings that change how PostgreSQL writes values as text (time zone, date, interval and float styles, bytea,
 * money and XML output, string literals and identifiers as its functions quote them) or how long a query may wait,
 * as a session started. A migration's {@code SET TimeZone} or {@code SET statement_timeout} lasts for the rest of its
 * session, in Flyway and in the walk alike; SchemaVerify's own readings of the schema and of rows on that session pin
 * these settings back to the session's start for their own implicit transaction, so that what a migration set reads
 * neither as a change of the schema or of the rows nor as a failure of the reading.
 *
 * <p>The starting values ({@code pg_settings.reset_val}, which no {@code SET} changes) are read once per connection:
 * reading them takes a scan of every setting, about a millisecond, and a walk reads hundreds of times.
 */
public final class SessionStart {
    /** The settings pinned, as {@code pg_settings} names them. */
    static final List<String> SETTINGS = List.of("TimeZone", "DateStyle", "IntervalStyle", "extra_float_digits",
            "bytea_output", "lc_monetary", "standard_conforming_strings", "quote_all_identifiers", "xmlbinary", "xmloption",
            "statement_timeout", "lock_timeout");

    /** The statement for each connection that has been asked for one; kept as long as the connection is. */
    private static final Map<Connection, String> PINS = Collections.synchronizedMap(new WeakHashMap<>());

    private SessionStart() {
    }

    /**
     * A statement that sets the {@linkplain #SETTINGS settings} back to the values {@code c}'s session started with, for
     * the transaction it runs in ({@code set_config(..., true)}): run it first in the same implicit transaction as the
     * reading (one round trip of several statements in autocommit), never alone. It returns one row.
     */
    public static String pin(Connection c) throws SQLException {
        String pin = PINS.get(c);
        if (pin == null) {
            StringJoiner calls = new StringJoiner(", ", "SELECT ", "");
            StringJoiner names = new StringJoiner(", ");
            SETTINGS.forEach(s -> names.add(literal(s)));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, reset_val FROM pg_settings"
                    + " WHERE name IN (" + names + ") ORDER BY name")) {
                while (rs.next()) {
                    calls.add("set_config(" + literal(rs.getString(1)) + ", " + literal(rs.getString(2)) + ", true)");
                }
            }
            pin = calls.toString();
            PINS.put(c, pin);
        }
        return pin;
    }

    /** An escape string literal: read alike whatever {@code standard_conforming_strings} a migration left. */
    private static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
