package io.github.schemaverify.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DatabasePrivilegesTest {
    private static final List<String> DEFAULTS = List.of("=Tc/app", "app=CTc/app");

    @Test
    void a_database_with_no_acl_of_its_own_gives_nothing_to_grant_again() {
        assertThat(DatabasePrivileges.again(null, DEFAULTS, "app")).isEmpty();
        assertThat(DatabasePrivileges.again(DEFAULTS, DEFAULTS, "app")).isEmpty();
    }

    @Test
    void grants_and_revokes_are_the_differences_from_a_new_databases_defaults_the_owners_first() {
        // PUBLIC lost TEMPORARY; the owner gave reader CONNECT and lead CREATE with its grant option; lead gave CREATE on
        List<String> acl = List.of("=c/app", "app=CTc/app", "reader=c/app", "\"Lead \"\"One\"\"\"=C*/app",
                "helper=C/\"Lead \"\"One\"\"\"");

        assertThat(DatabasePrivileges.again(acl, DEFAULTS, "app")).extracting(DatabasePrivileges.Grant::grantor,
                DatabasePrivileges.Grant::sql, DatabasePrivileges.Grant::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("app", "REVOKE TEMPORARY ON DATABASE %1$s FROM PUBLIC",
                        "TEMPORARY revoked from PUBLIC granted by app"),
                org.assertj.core.groups.Tuple.tuple("app", "GRANT CONNECT ON DATABASE %1$s TO \"reader\"",
                        "CONNECT for reader granted by app"),
                org.assertj.core.groups.Tuple.tuple("app", "GRANT CREATE ON DATABASE %1$s TO \"Lead \"\"One\"\"\" WITH GRANT OPTION",
                        "CREATE WITH GRANT OPTION for Lead \"One\" granted by app"),
                org.assertj.core.groups.Tuple.tuple("Lead \"One\"", "GRANT CREATE ON DATABASE %1$s TO \"helper\"",
                        "CREATE for helper granted by Lead \"One\""));
    }
}
