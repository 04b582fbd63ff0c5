package io.github.schemaverify.internal.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.github.schemaverify.internal.SchemaVerifyException;

/**
 * Runs SQL scripts that Flyway Community does not run for us (undo scripts, {@code SQL_SCRIPTS}, fixtures), with the
 * same placeholders and transaction rules: one transaction per script, unless a statement cannot run in one
 * ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, ...), then the whole script runs in autocommit.
 */
public final class ScriptRunner {

    private ScriptRunner() {
    }

    /**
     * Runs the script and returns the server notices it raised (e.g. pgvector's "ivfflat index created with little
     * data").
     */
    public static List<String> run(Connection connection, MigrationFile file, Map<String, String> placeholders,
            String defaultSchema) {
        MigrationSource.checkPlaceholders(file, placeholders, file.origin());
        String sql = Placeholders.replace(file.content(), placeholders, Map.of(
                "flyway:defaultSchema", defaultSchema, "flyway:filename", file.fileName(), "flyway:table", "flyway_schema_history"));
        List<SqlSplitter.Statement> statements = SqlSplitter.split(sql);
        boolean transactional = statements.stream().noneMatch(SqlSplitter.Statement::nonTransactional);
        List<String> notices = new ArrayList<>();
        Optional<SQLException> fastFailure = Optional.empty();
        if (transactional && statements.size() > 0 && autoCommit(connection)) {
            // the usual case in one round trip: the whole script between BEGIN and COMMIT
            try (Statement st = connection.createStatement()) {
                st.execute(statements.stream().map(SqlSplitter.Statement::sql)
                        .collect(Collectors.joining(";\n", "BEGIN;\n", ";\nCOMMIT")));
                collect(st.getWarnings(), notices);
                return notices;
            } catch (SQLException e) {
                rollback(connection);
                fastFailure = Optional.of(e); // run it again statement by statement, to name the one that fails
            }
        }
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(!transactional);
            try {
                for (SqlSplitter.Statement statement : statements) {
                    try (Statement st = connection.createStatement()) {
                        st.execute(statement.sql());
                        collect(st.getWarnings(), notices);
                    } catch (SQLException e) {
                        if (transactional) {
                            connection.rollback();
                        }
                        throw new SchemaVerifyException(file.fileName() + " failed at line " + statement.line() + ": "
                                + e.getMessage().strip() + "\n  statement: " + abbreviate(statement.sql())
                                + "\nFix the statement in " + file.origin() + ".", e);
                    }
                }
                if (fastFailure.isPresent()) {
                    // the failure did not repeat: undo this run too, and report the first one as it came
                    connection.rollback();
                    throw new SchemaVerifyException(file.fileName() + " failed: " + fastFailure.get().getMessage().strip()
                            + "\nFix the script " + file.origin() + ".", fastFailure.get());
                }
                if (transactional) {
                    connection.commit();
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException(file.fileName() + " could not be run: " + e.getMessage(), e);
        }
        return notices;
    }

    private static boolean autoCommit(Connection connection) {
        try {
            return connection.getAutoCommit();
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollback(Connection connection) {
        try (Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing to roll back
        }
    }

    public static void collect(SQLWarning warning, List<String> into) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            String message = w.getMessage();
            if (message != null && !into.contains(message)) {
                into.add(message);
            }
        }
    }

    static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
