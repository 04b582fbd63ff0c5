package io.github.schemaverify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

import io.github.schemaverify.internal.SchemaVerifyException;
import io.github.schemaverify.internal.db.ManagedDatabase;
import io.github.schemaverify.internal.snapshot.GoldenFile;
import io.github.schemaverify.internal.verify.failure.ShouldMatchSnapshot;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** Implements {@link MatchesSchemaSnapshot}. */
final class MatchesSchemaSnapshotExtension implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, MatchesSchemaSnapshot.class))
                .ifPresent(a -> check(context, a));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, MatchesSchemaSnapshot.class))
                .ifPresent(a -> check(context, a));
    }

    private static void check(ExtensionContext context, MatchesSchemaSnapshot annotation) {
        if (Scopes.annotation(context).isEmpty()) {
            throw new ExtensionConfigurationException("@MatchesSchemaSnapshot on " + Verifications.where(context)
                    + " needs @MigratedDatabase on the same class or method, to know which migrations to compare.");
        }
        String name = annotation.value().isBlank() ? context.getRequiredTestClass().getSimpleName() : annotation.value();
        var setting = Scopes.setting(context);
        Path dir = Path.of(setting.lookup(MatchesSchemaSnapshot.DIRECTORY_PROPERTY).orElse("src/test/resources/schemaverify"));
        Path file = dir.resolve(name + ".schema");
        boolean update = setting.lookup(MatchesSchemaSnapshot.UPDATE_PROPERTY).map(Boolean::parseBoolean).orElse(false);

        Scopes.Prepared prepared = Scopes.prepared(context);
        SchemaSnapshot schema;
        try (ManagedDatabase db = new ManagedDatabase(prepared.manager(), prepared.manager().cloneOf(prepared.template()),
                prepared.config())) {
            schema = db.snapshot();
        }
        java.util.Set<SchemaDiff.Ignore> ignored = Verifications.ignored(context, false);
        String current = GoldenFile.render(schema, ignored);
        if (update) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, current, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + file.toAbsolutePath(), e);
            }
            context.publishReportEntry("schemaverify.snapshot", "updated " + file);
            return;
        }
        if (!Files.exists(file)) {
            throw new SchemaVerifyException("[@MatchesSchemaSnapshot " + file.getFileName() + "] There is no schema snapshot at "
                    + file + " (looked in " + file.toAbsolutePath().getParent() + "). Create it: run this test once with -D"
                    + MatchesSchemaSnapshot.UPDATE_PROPERTY + "=true, review the file and commit it.");
        }
        String committed;
        try {
            committed = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file.toAbsolutePath(), e);
        }
        SchemaDiff drift = GoldenFile.compare(committed, schema, ignored);
        if (!drift.isEmpty()) {
            throw new AssertionFailedError(ShouldMatchSnapshot.create(file.getFileName().toString(), file.toString(), drift,
                    MatchesSchemaSnapshot.UPDATE_PROPERTY).message(), committed, current);
        }
    }
}
