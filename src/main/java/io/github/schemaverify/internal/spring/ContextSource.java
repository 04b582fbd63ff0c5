package io.github.schemaverify.internal.spring;

import java.util.function.Supplier;

import io.github.schemaverify.internal.db.ManagedDatabase;

/**
 * What a Spring application context needs from the JUnit run to point its {@code DataSource} at SchemaVerify's
 * databases: where its own database comes from (a clone of the configuration's template, used while no test runs:
 * during startup, between tests, at shutdown), and what Boot's Flyway does on it. No Spring types: the JUnit side
 * builds it without loading Spring.
 *
 * @param where         the annotation and its class, for messages: {@code @MigratedDatabase on com.acme.ShardsTest}
 * @param newDatabase   a new clone of the template, dropped by closing it
 * @param validate      whether Boot's Flyway validates the clone (true) or does nothing (false) where it would migrate
 * @param flywayTarget  the version SchemaVerify migrated to ({@code latest} or a version), for that validation
 * @param flywaySchemas Flyway's schemas setting SchemaVerify migrated with ({@code flywaySchemas}), maybe none
 * @param mixed         Flyway's mixed setting SchemaVerify migrated with
 * @param initSql       Flyway's initSql setting SchemaVerify migrated with, {@code ""} for none
 * @param historyTable  Flyway's table setting SchemaVerify migrated with: the name of its history table
 * @param placeholderReplacement Flyway's placeholderReplacement setting SchemaVerify migrated with
 */
public record ContextSource(String where, Supplier<ManagedDatabase> newDatabase, boolean validate, String flywayTarget,
        java.util.List<String> flywaySchemas, boolean mixed, String initSql, String historyTable,
        boolean placeholderReplacement) {
}
