package io.github.schemaverify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.schemaverify.internal.config.RunSettings;
import io.github.schemaverify.internal.db.ManagedDatabase;
import io.github.schemaverify.internal.snapshot.GoldenCheck;
import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * Implements {@link MatchesSchemaSnapshot}. On a class the check runs before the tests and its verdict is given after
 * them, on the class: a drift fails the check, not the class's tests. On a method it runs before that method and fails
 * it. Either way the verdict is in the run's summary and report ({@code kind = snapshot}).
 */
final class MatchesSchemaSnapshotExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            MatchesSchemaSnapshotExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, MatchesSchemaSnapshot.class))
                .ifPresent(a -> context.getStore(NAMESPACE).put(Outcome.class, check(context, a)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, MatchesSchemaSnapshot.class))
                .ifPresent(a -> Verifications.raise(check(context, a)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Outcome outcome = context.getStore(NAMESPACE).remove(Outcome.class, Outcome.class);
        if (outcome != null) {
            Verifications.raise(outcome);
        }
    }

    private static Outcome check(ExtensionContext context, MatchesSchemaSnapshot annotation) {
        Verifications.requireDatabase(context, "@MatchesSchemaSnapshot");
        String name = annotation.value().isBlank() ? context.getRequiredTestClass().getSimpleName() : annotation.value();
        RunSettings run = Scopes.run(context);
        Scopes.Prepared prepared = Scopes.prepared(context);
        SchemaSnapshot schema;
        String versions;
        try (ManagedDatabase db = new ManagedDatabase(prepared.manager(), prepared.manager().cloneOf(prepared.template()),
                prepared.config())) {
            schema = db.snapshot();
            versions = versions(db, schema);
        }
        GoldenCheck golden = new GoldenCheck(run.snapshotDirectory().resolve(name + ".schema"),
                run.reportDirectory().resolve("snapshots"), versions, MatchesSchemaSnapshot.UPDATE_PROPERTY,
                Verifications.ignored(context, false));
        Outcome outcome = golden.run(schema, run.snapshotUpdate(), System.out);
        Verifications.report(context, "snapshot", outcome);
        return outcome;
    }

    /** {@code PostgreSQL 15.20, vector 0.8.0}: the server and the installed extensions (plpgsql goes with the server). */
    private static String versions(ManagedDatabase db, SchemaSnapshot schema) {
        String server;
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            server = "PostgreSQL " + rs.getString(1).replaceAll(" .*", "");
        } catch (SQLException e) {
            server = "PostgreSQL (version unreadable: " + e.getMessage() + ")";
        }
        String extensions = schema.extensions().stream().filter(e -> !e.name().equals("plpgsql"))
                .map(e -> e.name() + " " + e.version())
                .collect(Collectors.joining(", "));
        return extensions.isEmpty() ? server : server + ", " + extensions;
    }
}
