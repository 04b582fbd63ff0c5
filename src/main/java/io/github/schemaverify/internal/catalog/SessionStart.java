package io.github.schemaverify.internal.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The settings that change how PostgreSQL writes values as text (time zone, interval and float styles, bytea, money
 * and XML output, string literals and identifiers as its functions quote them), which rows a query sees
 * ({@code row_security}), which notices reach the client, or how long a query may wait, as a session started. A
 * migration's {@code SET TimeZone} or {@code SET client_min_messages} lasts for the rest of its session, in Flyway and
 * in the walk alike (a pg_dump baseline starts with some); SchemaVerify's own readings of the schema and of rows on
 * that session pin these settings back to the session's start for their own implicit transaction, so that what a
 * migration set reads neither as a change of the schema or of the rows nor as a failure of the reading. The two that
 * only decide how names and string literals are quoted are pinned to PostgreSQL's defaults instead, so that what the
 * server's configuration sets does not read as another schema either, the {@linkplain #TIMEOUTS timeouts} are
 * turned off, and the reading runs as the role that logged in, whatever {@code SET ROLE} ran on the session.
 *
 * <p>The starting values ({@code pg_settings.reset_val}, which no {@code SET} changes) are those of the first session
 * an instance pins, and every later session it pins is set to them: a database's own settings ({@code ALTER DATABASE
 * ... SET IntervalStyle}, which a migration may run) start the sessions opened after them otherwise than those opened
 * before, and a walk's head, read on a session opened before the revision, would read otherwise than Flyway's copy of
 * it. Reading them takes a scan of every setting, once per instance. An owner that reads often (a reader, a walk's
 * rows) keeps one.
 */
public final class SessionStart {
    /**
     * The pinned settings that decide what a reading returns, set back to the values the session started with: how
     * values are written as text and which rows it sees (every server SchemaVerify supports has them). What is kept of a
     * reading holds for a later session only when these start alike there.
     */
    public static final List<String> OUTPUT = List.of("TimeZone", "DateStyle", "IntervalStyle", "extra_float_digits",
            "bytea_output", "lc_monetary", "lc_numeric", "xmlbinary", "xmloption", "row_security");

    /**
     * The pinned settings that decide how the catalog's functions quote names and string literals in what they write
     * (and how a string literal is read), set to PostgreSQL's defaults whatever the session started with: a server
     * configured to quote every identifier, or to take backslashes in string literals the old way, reads as any other.
     */
    public static final Map<String, String> CANONICAL = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            "quote_all_identifiers", "off", "standard_conforming_strings", "on")));

    /**
     * The settings set back to the session's start, as {@code pg_settings} names them; one a server does not have is left
     * out.
     */
    static final List<String> SETTINGS = Stream.concat(OUTPUT.stream(), Stream.of("client_min_messages", "statement_timeout",
            "lock_timeout", "transaction_timeout")).toList();

    /**
     * The pinned settings that limit how long a statement may run or wait, turned off: they are the application's
     * (a database's own {@code ALTER DATABASE ... SET statement_timeout = '2s'}, which sessions opened after it start
     * with), and a reading of a long history's schema is no query of the application's.
     */
    static final List<String> TIMEOUTS = List.of("statement_timeout", "lock_timeout", "transaction_timeout");

    private volatile String pin;

    /**
     * A statement that sets the {@linkplain #SETTINGS settings} back to the values the first session pinned started with
     * ({@code c}'s, the first time), but the {@linkplain #TIMEOUTS timeouts}, which it turns off, and
     * the {@linkplain #CANONICAL quoting settings} to PostgreSQL's defaults, for the transaction it runs in
     * ({@code set_config(..., true)}): run it first in the same implicit transaction as the reading (one round trip of
     * several statements in autocommit, see {@link #afterPin}), never alone. It returns one row.
     */
    public String pin(Connection c) throws SQLException {
        String pin = this.pin;
        if (pin == null) {
            StringJoiner calls = new StringJoiner(", ", "SELECT ", "");
            StringJoiner names = new StringJoiner(", ");
            SETTINGS.forEach(s -> names.add(literal(s)));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, reset_val FROM pg_settings"
                    + " WHERE name IN (" + names + ") ORDER BY name")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    calls.add("set_config(" + literal(name) + ", " + literal(TIMEOUTS.contains(name) ? "0" : rs.getString(2))
                            + ", true)");
                }
            }
            CANONICAL.forEach((name, value) -> calls.add("set_config(" + literal(name) + ", "
                    + literal(value) + ", true)"));
            // as the role that logged in: a SET ROLE a migration or Flyway's initSql ran leaves the reading alone
            calls.add("set_config('role', 'none', true)");
            pin = calls.toString();
            this.pin = pin; // two first sessions at once: either one's values, alike
        }
        return pin;
    }

    /**
     * Runs the {@linkplain #pin pin} of {@code st}'s connection and then {@code query}, in one implicit transaction, and
     * returns the query's rows.
     */
    public ResultSet afterPin(Statement st, String query) throws SQLException {
        // SchemaVerify's own SQL holds no JDBC escapes: the driver need not read the text once more looking for them
        st.setEscapeProcessing(false);
        return rowsAfterPin(st, st.execute(pin(st.getConnection()) + ";\n" + query), query);
    }

    /**
     * The rows of what ran after the pin in {@code st} ({@code executed}: what {@code execute} returned, true for the
     * pin's row).
     */
    static ResultSet rowsAfterPin(Statement st, boolean executed, String what) throws SQLException {
        if (!executed || !st.getMoreResults()) {
            throw new SQLException("The session's settings were pinned, but what ran after them returned no rows (a"
                    + " defect in SchemaVerify: report it): " + what);
        }
        return st.getResultSet();
    }

    /** An escape string literal: read alike whatever {@code standard_conforming_strings} a migration left. */
    public static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
