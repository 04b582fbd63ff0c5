package io.github.schemaverify.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.testing.TestCluster;

/**
 * A template kept between runs is named for what builds it on this server too: the server's exact version, the
 * default version of every extension it offers (a server whose pgvector package was upgraded must not reuse one), the
 * sessions' time zone, and the other settings its sessions start with that change what the same migrations build.
 */
@ExtendWith(TestCluster.Resolver.class)
class CacheNameTest {

    @Test
    void a_kept_templates_name_covers_the_servers_version_and_its_extensions_default_versions(TestCluster cluster)
            throws Exception {
        String versionNum;
        String vector;
        try (Connection c = cluster.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT current_setting('server_version_num'), (SELECT default_version FROM pg_available_extensions"
                        + " WHERE name = 'vector')")) {
            rs.next();
            versionNum = rs.getString(1);
            vector = rs.getString(2);
        }
        try (DatabaseManager manager = KilledRunTest.manager(cluster, line -> { })) {
            assertThat(manager.serverFingerprint()).startsWith(versionNum + ";").contains("vector=" + vector)
                    .contains("plpgsql=").endsWith(";TimeZone=" + java.util.TimeZone.getDefault().getID());
            String name = manager.cacheName("ab".repeat(32));
            assertThat(name).matches("sv_cache_[0-9a-f]{16}").isEqualTo(manager.cacheName("ab".repeat(32)))
                    .isEqualTo(DatabaseManager.cacheName("ab".repeat(32), cluster.user(), manager.serverFingerprint()))
                    .isNotEqualTo(manager.cacheName("cd".repeat(32)));
            String upgraded = manager.serverFingerprint().replace("vector=" + vector, "vector=99.0.0");
            assertThat(DatabaseManager.cacheName("ab".repeat(32), cluster.user(), upgraded)).as("pgvector upgraded")
                    .isNotEqualTo(name);
            assertThat(DatabaseManager.cacheName("ab".repeat(32), "another_role", manager.serverFingerprint()))
                    .as("another role").isNotEqualTo(name);
            String elsewhere = manager.serverFingerprint().replaceAll(";TimeZone=.*", ";TimeZone=Asia/Tokyo");
            assertThat(DatabaseManager.cacheName("ab".repeat(32), cluster.user(), elsewhere)).as("another time zone")
                    .isNotEqualTo(name);
        }
    }

    @Test
    void a_server_whose_sessions_start_with_another_date_style_keeps_templates_of_its_own(TestCluster cluster) {
        String name;
        try (DatabaseManager manager = KilledRunTest.manager(cluster, line -> { })) {
            assertThat(manager.serverFingerprint()).contains(";standard_conforming_strings=on;",
                    ";search_path=\"$user\", public;", ";check_function_bodies=on;", ";session_replication_role=origin;");
            name = manager.cacheName("ab".repeat(32));
        }
        // a session that starts reading '01/02/2026' as the first of February builds other values from the same files
        TestCluster.Configured dmy = cluster.configure("DateStyle", "ISO, DMY");
        try (DatabaseManager manager = KilledRunTest.manager(cluster, line -> { })) {
            assertThat(manager.serverFingerprint()).contains(";DateStyle=ISO, DMY;");
            assertThat(manager.cacheName("ab".repeat(32))).isNotEqualTo(name);
        } finally {
            dmy.close();
        }
    }
}
