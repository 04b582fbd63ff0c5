package io.github.schemaverify.internal.migration;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import io.github.schemaverify.MigrationException;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.db.SecretNames;

/**
 * Watches a Flyway run through Flyway's public callback API (the migration and the statement that failed) and turns
 * its failure into one readable message: the file, the line, PostgreSQL's words, the statement, the fix. Never
 * throws from a callback, since that would fail the migration.
 */
final class FlywayErrors implements Callback {
    private final MigrationSource source;
    private final Map<String, String> placeholders;
    private final java.util.function.Function<Throwable, Optional<String>> note;
    private volatile MigrationInfo migration;
    private volatile String statement;
    private volatile String error;

    /** @param note a note to add for a failure, as {@link FlywaySchemasNote} gives one */
    FlywayErrors(MigrationSource source, Map<String, String> placeholders,
            java.util.function.Function<Throwable, Optional<String>> note) {
        this.source = source;
        this.placeholders = placeholders;
        this.note = note;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_STATEMENT_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            if (event == Event.BEFORE_EACH_MIGRATE) {
                migration = context.getMigrationInfo();
                statement = null;
                error = null;
            } else if (event == Event.AFTER_EACH_MIGRATE) {
                // applied: what fails from here on (an afterMigrate callback, say) is not this migration's doing
                migration = null;
                statement = null;
                error = null;
            } else if (context.getStatement() != null) {
                statement = context.getStatement().getSql();
                error = context.getStatement().getErrors() == null ? null : String.join("; ", context.getStatement()
                        .getErrors().stream().map(e -> e.getMessage() == null ? "" : e.getMessage().strip()).toList());
            }
        } catch (RuntimeException ignored) {
            // a callback that throws would fail the migration: the message falls back to Flyway's own
        }
    }

    @Override
    public String getCallbackName() {
        return "SchemaVerify failure watch";
    }

    /** Whether a migration was running (begun, not yet applied) when the last event was seen. */
    boolean migrating() {
        return migration != null;
    }

    /** The failure as one message; Flyway's exception stays its cause. */
    SchemaVerifyException translate(FlywayException e) {
        MigrationInfo m = migration;
        if (m == null || m.getScript() == null) {
            // not a migration's statement (a callback's, say): Flyway's headline, then PostgreSQL's words if any
            java.sql.SQLException sql = cause(e, java.sql.SQLException.class);
            StringBuilder message = new StringBuilder("Flyway failed: ").append(headline(e.getMessage()))
                    .append(sql != null ? ": " + ScriptRunner.serverMessage(sql) : "");
            note.apply(e).ifPresent(n -> message.append("\n  (").append(n).append(")"));
            return new MigrationException(message.toString(), e);
        }
        String script = m.getScript().substring(m.getScript().replace('\\', '/').lastIndexOf('/') + 1);
        Optional<MigrationFile> file = source.files().stream().filter(f -> f.fileName().equals(script)).findFirst();
        String failedSql = statement;
        StringBuilder message = new StringBuilder("Migration ").append(script).append(" failed");
        SqlScript.Statement located = failedSql == null ? null : locate(file, failedSql);
        if (located != null) {
            message.append(" at line ").append(located.line());
        }
        // PostgreSQL's own words: from the driver's exception in the cause chain (a JDK type), else the callback's
        java.sql.SQLException sql = cause(e, java.sql.SQLException.class);
        if (sql != null && SessionEnded.by(sql)) {
            return SessionEnded.at(script, file.map(MigrationFile::origin).orElse(script), located, sql);
        }
        // a refused row's values: masked when a file of the chain names a secret column (its table's columns unread)
        boolean secrets = source.files().stream().anyMatch(f -> SecretNames.named(f.content()));
        String server = sql != null ? ScriptRunner.serverMessage(sql, d -> SecretNames.maskedRow(d, List.of(), secrets))
                : error != null && !error.isBlank() ? firstLines(error) : firstLines(e.getMessage());
        message.append(": ").append(server);
        // where PostgreSQL's words had a value masked, the statement's literals may hold it too
        boolean masked = server.contains("********");
        if (located != null) {
            message.append("\n  in the statement at line ").append(located.line()).append(":\n    ")
                    .append(located.excerpt(masked).replace("\n", "\n    "));
        } else if (failedSql != null) {
            List<SqlScript.Statement> parsed = SqlScript.parse(failedSql);
            if (!parsed.isEmpty()) {
                message.append("\n  in the statement:\n    ").append(parsed.get(0).excerpt(masked).replace("\n", "\n    "));
            }
        }
        note.apply(e).ifPresent(n -> message.append("\n  (").append(n).append(")"));
        message.append("\nFix the statement in ").append(file.map(MigrationFile::origin).orElse(script))
                .append(file.flatMap(f -> sql == null ? Optional.empty() : ScriptRunner.outsideTransaction(f, sql))
                        .map(f -> ": " + f).orElse(""))
                .append("; the migrations after it were not applied.");
        return new MigrationException(message.toString(), e);
    }

    /** The failed statement in the file (placeholders replaced), found by its text; comments before it skipped. */
    private SqlScript.Statement locate(Optional<MigrationFile> file, String failedSql) {
        if (file.isEmpty()) {
            return null;
        }
        List<SqlScript.Statement> failed = SqlScript.parse(failedSql);
        if (failed.isEmpty()) {
            return null;
        }
        String wanted = failed.get(0).sql();
        String content = Placeholders.text(file.get(), placeholders, Map::of);
        return SqlScript.parse(content).stream().filter(s -> s.sql().equals(wanted)).findFirst().orElse(null);
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** Flyway's message up to the rule under its first line ({@code ------}), where its table of details begins. */
    private static String headline(String text) {
        if (text == null) {
            return "(no message)";
        }
        List<String> lines = new java.util.ArrayList<>();
        for (String line : text.strip().lines().map(String::strip).toList()) {
            if (line.startsWith("---")) {
                break;
            }
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines.isEmpty() ? firstLines(text) : firstLines(String.join("\n", lines));
    }

    private static String firstLines(String text) {
        if (text == null) {
            return "(no message)";
        }
        return String.join(" ", text.strip().lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !l.startsWith("Position:")).limit(3).toList());
    }
}
