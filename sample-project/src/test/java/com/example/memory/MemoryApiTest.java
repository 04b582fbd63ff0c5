package com.example.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.VerifyIdempotent;

/**
 * The REST API over HTTP, against the service started once for every class with {@link AgentMemoryService}, each test
 * on its own fresh clone: a tenant created in one test is gone in the next.
 */
@AgentMemoryService
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemoryApiTest {
    @Value("${local.server.port}")
    int port;
    @Autowired
    DataSource applicationDataSource;

    @Test
    @Order(1)
    void search_returns_the_nearest_memories_first() {
        Http http = new Http(port);
        Object tenant = Http.map(http.post("/tenants", "{\"name\": \"acme\"}")).get("id");
        Object bot = Http.map(http.post("/tenants/" + tenant + "/bots", "{\"name\": \"helper\", \"contentHash\": \"h1\"}")).get("id");
        assertThat(http.post("/bots/" + bot + "/memories", "{\"content\": \"likes cats\", \"embedding\": [1, 0, 0]}").statusCode()).isEqualTo(201);
        http.post("/bots/" + bot + "/memories", "{\"content\": \"owns a dog\", \"embedding\": [0, 1, 0]}");
        http.post("/bots/" + bot + "/memories", "{\"content\": \"keeps fish\", \"embedding\": [0, 0, 1]}");

        assertThat(Http.list(http.post("/bots/" + bot + "/search", "{\"embedding\": [0.1, 0.9, 0], \"limit\": 2}")))
                .containsExactly("owns a dog", "likes cats");
    }

    @Test
    @Order(2)
    void the_tenant_of_the_previous_test_is_gone() {
        assertThat(Http.list(new Http(port).get("/tenants"))).isEmpty();
    }

    @Test
    @Order(3)
    void the_application_and_the_test_share_the_tests_database(TestDatabase db) throws SQLException {
        try (Connection c = applicationDataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.name());
        }
    }

    @VerifyIdempotent
    void migrating_again_changes_nothing() {
    }
}
