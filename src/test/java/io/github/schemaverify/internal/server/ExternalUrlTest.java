package io.github.schemaverify.internal.server;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.internal.config.Redaction;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.SimpleDataSource;
import io.github.schemaverify.testing.TestCluster;

/** Issue 13 items 3 and 7: EXTERNAL URLs are read the way the PostgreSQL driver reads them. */
@ExtendWith(TestCluster.Resolver.class)
class ExternalUrlTest {

    @Test
    void a_url_naming_several_hosts_reaches_the_server_among_them_and_every_url_shown_names_them_all(TestCluster cluster)
            throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:1,127.0.0.1:" + cluster.port() + "/postgres";
        try (DatabaseManager manager = new DatabaseManager(ExternalServer.connect(url, Optional.of(cluster.user()),
                Optional.of(cluster.password())))) {
            String clone = manager.empty();
            SimpleDataSource dataSource = new SimpleDataSource(manager.server(), clone);
            try (Connection c = dataSource.getConnection()) {
                assertThat(c.getCatalog()).isEqualTo(clone);
            }
            assertThat(manager.server().jdbcUrl(clone))
                    .isEqualTo("jdbc:postgresql://127.0.0.1:1,127.0.0.1:" + cluster.port() + "/" + clone + "?targetServerType=primary");
            manager.drop(clone);
        }
    }

    @Test
    void a_url_naming_several_unreachable_hosts_fails_naming_them_and_never_tries_localhost() {
        assertThatThrownBy(() -> ExternalServer.connect("jdbc:postgresql://127.0.0.1:1,127.0.0.1:2/app", Optional.of("postgres"),
                Optional.empty()))
                .hasMessageStartingWith("Server EXTERNAL at jdbc:postgresql://127.0.0.1:1,127.0.0.1:2/app: cannot connect (")
                .hasMessageNotContaining("localhost").hasMessageNotContaining("5432");
    }

    @Test
    void several_hosts_with_a_target_that_may_reach_a_standby_are_refused_with_what_to_do() {
        assertThatThrownBy(() -> ExternalServer.connect("jdbc:postgresql://h1:5433,h2:5434/app?targetServerType=preferSecondary",
                Optional.of("postgres"), Optional.empty()))
                .hasMessage("Server EXTERNAL at jdbc:postgresql://h1:5433,h2:5434/app?targetServerType=preferSecondary: the URL"
                        + " names 2 hosts with targetServerType=preferSecondary, so SchemaVerify's sessions could reach different"
                        + " servers (or a read-only standby), and a database created on one would be missing on another. Remove"
                        + " targetServerType (SchemaVerify then connects with targetServerType=primary), set it to primary, or"
                        + " name one host.");
    }

    @Test
    void a_password_in_the_url_connects_and_no_url_shown_holds_it(TestCluster cluster) throws Exception {
        String url = cluster.url() + "?user=" + cluster.user() + "&password=" + cluster.password() + "&sslmode=disable";
        try (DatabaseManager manager = new DatabaseManager(ExternalServer.connect(url, Optional.empty(), Optional.empty()))) {
            String db = manager.empty();
            SimpleDataSource dataSource = new SimpleDataSource(manager.server(), db);
            try (Connection c = dataSource.getConnection()) {
                assertThat(c.getMetaData().getURL()).doesNotContain(cluster.password());
            }
            assertThat(dataSource).hasToString("SchemaVerify DataSource for jdbc:postgresql://127.0.0.1:" + cluster.port() + "/"
                    + db + "?sslmode=disable");
            assertThat(manager.server().describe()).isEqualTo("EXTERNAL jdbc:postgresql://127.0.0.1:" + cluster.port()
                    + "/postgres?user=postgres&password=***&sslmode=disable");
            manager.drop(db);
        }
    }

    @Test
    void a_url_the_driver_cannot_read_is_named_without_its_password_with_what_to_do() {
        assertThatThrownBy(() -> ExternalServer.connect("jdbc:postgresql://db:5432/app?password=50%off&sslmode=require",
                Optional.of("postgres"), Optional.empty()))
                .hasMessage("Server EXTERNAL: schemaverify.url / SCHEMAVERIFY_URL is not a URL the PostgreSQL driver can read:"
                        + " jdbc:postgresql://db:5432/app?password=***&sslmode=require. Write it as"
                        + " jdbc:postgresql://host:port/database (several hosts: jdbc:postgresql://host1:port1,host2:port2/database),"
                        + " with parameter values percent-encoded (% as %25, & as %26); keep the password out of the URL, in"
                        + " SCHEMAVERIFY_PASSWORD.");
    }

    @Test
    void redaction_hides_a_password_with_url_special_characters_whole() {
        assertThat(Redaction.url("jdbc:postgresql://h/db?password=a|b^c&d;e#f&sslmode=require"))
                .isEqualTo("jdbc:postgresql://h/db?password=***&sslmode=require");
        assertThat(Redaction.url("jdbc:postgresql://h/db?user=u&PASSWORD=x y%20z")).isEqualTo("jdbc:postgresql://h/db?user=u&PASSWORD=***");
        assertThat(Redaction.text("auth for p@ss w&rd and p%40ss+w%26rd and p%40ss%20w%26rd", "p@ss w&rd"))
                .isEqualTo("auth for *** and *** and ***");
    }
}
