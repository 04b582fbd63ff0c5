package io.github.schemaverify.spring;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/** Spring Boot applications for the fixtures of {@link SpringBootSupportTest}: no web, JDBC and Flyway auto-configured. */
final class SpringFixtures {

    /** How many application contexts of {@link App} started in this JVM (a fixture counter, reset by the test). */
    static final AtomicInteger STARTS = new AtomicInteger();

    private SpringFixtures() {
    }

    /** The application: Boot's auto-configuration (DataSource, JdbcTemplate, transactions, Flyway) and a start counter. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Object startCounter() {
            return STARTS.incrementAndGet();
        }
    }

    /**
     * An application with its own two DataSources, as projects with a separate migration user have: a primary one for
     * the application and one marked {@code @FlywayDataSource}, both to a server that does not exist.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TwoDataSources {
        @Bean
        @Primary
        DataSource application() {
            return DataSourceBuilder.create().url("jdbc:postgresql://nowhere.invalid/app").username("app").build();
        }

        @Bean
        @FlywayDataSource
        DataSource migrations() {
            return DataSourceBuilder.create().url("jdbc:postgresql://nowhere.invalid/app").username("migrator").build();
        }
    }

    /** Two DataSources, neither primary nor for Flyway: SchemaVerify cannot tell which the migrations own. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Ambiguous {
        @Bean
        DataSource orders() {
            return DataSourceBuilder.create().url("jdbc:postgresql://nowhere.invalid/orders").build();
        }

        @Bean
        DataSource reports() {
            return DataSourceBuilder.create().url("jdbc:postgresql://nowhere.invalid/reports").build();
        }
    }

    static String database(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT current_database()", String.class);
    }

    static String database(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
