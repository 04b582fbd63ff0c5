package io.github.schemaverify.internal.migration;

import java.sql.SQLException;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

import io.github.schemaverify.internal.SchemaVerifyException;

/** Turns Flyway's exceptions into one readable message: the file, the line, PostgreSQL's message, the fix. */
final class FlywayErrors {

    private FlywayErrors() {
    }

    static SchemaVerifyException translate(FlywayException e) {
        FlywayMigrateException migrate = find(e, FlywayMigrateException.class);
        FlywaySqlScriptException script = find(e, FlywaySqlScriptException.class);
        SQLException sql = find(e, SQLException.class);
        String file = migrate != null && migrate.getMigration() != null ? migrate.getMigration().getScript()
                : script != null && script.getResource() != null ? script.getResource().getFilename() : null;
        if (file == null) {
            return new SchemaVerifyException("Flyway failed: " + e.getMessage().strip(), e);
        }
        int line = script != null ? script.getLineNumber() : migrate.getLineNumber();
        String reason = sql != null ? sql.getMessage().strip() : e.getMessage().strip();
        StringBuilder message = new StringBuilder("Migration ").append(file).append(" failed");
        if (line > 0) {
            message.append(" at line ").append(line);
        }
        message.append(": ").append(reason);
        if (script != null && script.getStatement() != null) {
            message.append("\n  statement: ").append(ScriptRunner.abbreviate(script.getStatement()));
        }
        message.append("\nFix the statement in ").append(file).append("; the migrations after it were not applied.");
        return new SchemaVerifyException(message.toString(), e);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
