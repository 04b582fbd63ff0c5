package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.github.schemaverify.readiness.ReadinessTimeline;
import io.github.schemaverify.testing.LauncherRun;
import io.github.schemaverify.testing.TestCluster;

/**
 * Issue 13 item 3: a password made of every character that means something in a URL (and quotes and a space) connects,
 * given in SCHEMAVERIFY_PASSWORD or percent-encoded in the URL, and appears in no file a build leaves: the console,
 * Surefire-like .txt and .xml files, report.json, report.html and the heartbeat files. The fixture prints every object
 * a test gets and fails with the DataSource in its message, as a user's test would. Assertions name files only, so a
 * failure here prints no password either.
 */
@ExtendWith(TestCluster.Resolver.class)
@Timeout(120)
class SecretsTest {
    static final String PASSWORD = "Pw|^&;%#?/@:=+ '\"-9c1e";

    @Test
    void a_password_given_in_the_environment_connects_and_appears_in_no_output_file(TestCluster cluster, @TempDir Path out)
            throws Exception {
        createRole(cluster);
        List<String> files = run(out, cluster.url(), PASSWORD);

        assertThat(files).contains("console.txt", "TEST-" + PrintsEverything.class.getName() + ".xml",
                "schemaverify/report.json", "schemaverify/report.html").anyMatch(f -> f.startsWith("schemaverify/readiness/"));
        assertThat(Files.readString(out.resolve("console.txt"))).contains("SchemaVerify DataSource for jdbc:postgresql://");
        assertThat(Files.readString(out.resolve("TEST-" + PrintsEverything.class.getName() + ".txt")))
                .contains("fails_naming_the_data_source");
        assertThat(filesContaining(out, PASSWORD)).isEmpty();
        assertThat(filesContaining(out, URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))).isEmpty();
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void a_password_percent_encoded_in_the_url_connects_and_appears_in_no_output_file(TestCluster cluster, @TempDir Path out)
            throws Exception {
        createRole(cluster);
        // '|', '^', quotes, ';', ':' and '@' stay as they are: the PostgreSQL driver reads them so
        String encoded = PASSWORD.replace("%", "%25").replace("&", "%26").replace("#", "%23").replace("?", "%3F")
                .replace("/", "%2F").replace("=", "%3D").replace("+", "%2B").replace(" ", "%20");

        run(out, cluster.url() + "?sslmode=disable&password=" + encoded, null);

        assertThat(Files.readString(out.resolve("console.txt"))).contains("SchemaVerify DataSource for jdbc:postgresql://");
        assertThat(filesContaining(out, PASSWORD)).isEmpty();
        assertThat(filesContaining(out, encoded)).isEmpty();
        assertThat(filesContaining(out, URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))).isEmpty();
        assertThat(cluster.svDatabases()).isEmpty();
    }

    private static void createRole(TestCluster cluster) {
        cluster.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sv_special') THEN"
                + " CREATE ROLE sv_special LOGIN SUPERUSER; END IF; END $$");
        cluster.execute("ALTER ROLE sv_special PASSWORD '" + PASSWORD.replace("'", "''") + "'");
    }

    /** Runs the fixture in a JVM of its own; returns the files it left, relative to {@code out}. */
    private static List<String> run(Path out, String url, String password) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LauncherRun.class.getName(),
                PrintsEverything.class.getName(), out.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("console.txt").toFile());
        builder.environment().put("SCHEMAVERIFY_SERVER", "EXTERNAL");
        builder.environment().put("SCHEMAVERIFY_TEMPLATECACHE", "0"); // as the suite: nothing is left on the server
        builder.environment().put("SCHEMAVERIFY_URL", url);
        builder.environment().put("SCHEMAVERIFY_USER", "sv_special");
        if (password != null) {
            builder.environment().put("SCHEMAVERIFY_PASSWORD", password);
        }
        Process child = builder.start();
        assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
        // statuses only: a failure message here could hold what this test looks for
        List<String> statuses = Pattern.compile("<testcase name=\"([^\"]*)\" status=\"([A-Z]+)\"")
                .matcher(Files.readString(out.resolve("TEST-" + PrintsEverything.class.getName() + ".xml"))).results()
                .map(m -> m.group(1) + " " + m.group(2)).toList();
        assertThat(statuses).as("the fixture ran, and only its deliberate failure failed").contains(
                "prints_every_object_it_gets(DataSource, TestDatabase, Connection, Flyway, ReadinessTimeline) SUCCESSFUL",
                "fails_naming_the_data_source(DataSource) FAILED", "V1 notes: up, down, up SUCCESSFUL",
                "SecretsTest$PrintsEverything SUCCESSFUL");
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> filesContaining(Path out, String secret) throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(p), StandardCharsets.UTF_8).contains(secret)) {
                    hits.add(out.relativize(p).toString());
                }
            }
        }
        return hits;
    }

    /** Run by {@link LauncherRun} in a child JVM: prints what a test gets, the way users print and log them. */
    @MigratedDatabase(locations = "classpath:fixtures/roundtrip/plain")
    static class PrintsEverything {
        @Test
        void prints_every_object_it_gets(DataSource dataSource, TestDatabase db, Connection connection, Flyway flyway,
                ReadinessTimeline timeline) throws Exception {
            System.out.println(dataSource);
            System.out.println(db + " " + db.jdbcUrl() + " " + db.user());
            System.out.println(connection + " " + connection.getMetaData().getURL());
            System.out.println(flyway.getConfiguration().getUrl() + " " + flyway.getConfiguration().getDataSource());
            System.err.println(timeline);
        }

        @Test
        void fails_naming_the_data_source(DataSource dataSource) {
            assertThat(dataSource).as("deliberately").isNull();
        }

        @VerifyRoundTrip
        void round_trip() {
        }
    }
}
