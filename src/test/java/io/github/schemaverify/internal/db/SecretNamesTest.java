package io.github.schemaverify.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which column names say their values are secrets, and a key's values masked in PostgreSQL's detail. */
class SecretNamesTest {

    @Test
    void names_that_say_they_hold_secrets() {
        assertThat(new String[] {"password", "password_hash", "encrypted_password", "password_encrypted", "passwd",
                "private_key", "api_token", "access_token", "refresh_token", "totp_2fa_secret", "jwt_secret", "apikey",
                "api_key", "secret_key", "credentials", "passwordHash", "PrivateKey",
                // unquoted names run together, as Mattermost's MfaSecret, ClientSecret and Token columns read
                "mfasecret", "clientsecret", "accesstoken", "passwordhash", "privatekey",
                // several of them: a JSON member {"api_keys": [...]}, a column of old password hashes
                "api_keys", "secrets", "passwords", "password_hashes", "refresh_tokens", "privateKeys", "access_tokens",
                // a document's keys, as HTTP headers spell them
                "x-api-key", "Authorization", "client.secret"})
                .allMatch(SecretNames::column);
    }

    @Test
    void names_whose_values_are_no_secret() {
        // a vector table's token count, a public key, when a password changed
        assertThat(new String[] {"token_count", "token_type", "public_key", "password_changed_at", "password_reset_required",
                "secretary", "keyword", "name", "tokens_used", "publickey", "pwdlastset", "tokenizer", "secrets_rotated_at",
                // what a language model read and wrote: counts
                "tokens", "prompt_tokens", "total_tokens", "max_tokens", "completion_tokens", "authorization_id"})
                .noneMatch(SecretNames::column);
    }

    @Test
    void the_members_of_a_document_whose_keys_name_secrets_are_masked() {
        // found on Kratos's history: identity_credentials.config held {"hashed_password": "$argon2id$..."}
        assertThat(SecretNames.maskedDocument("{\"hashed_password\": \"$argon2id$v=19$m=16,t=2,p=1$abc\", \"version\": 2}"))
                .isEqualTo("{\"hashed_password\": \"********\", \"version\": 2}");
        assertThat(SecretNames.maskedDocument("{\"oidc\": {\"access_token\": \"gho_x\\\"y\", \"pin\": 1234}, \"apiKey\":9}"))
                .isEqualTo("{\"oidc\": {\"access_token\": \"********\", \"pin\": 1234}, \"apiKey\":\"********\"}");
        assertThat(SecretNames.maskedDocument("{\"publickey\": \"ssh-ed25519 AAA\", \"tokenizer\": \"bpe\"}"))
                .isEqualTo("{\"publickey\": \"ssh-ed25519 AAA\", \"tokenizer\": \"bpe\"}");
        assertThat(SecretNames.maskedRow("Failing row contains (1, {\"password\": \"x\"}, null).", List.of("id", "config", "note"),
                false)).isEqualTo("Failing row contains (1, {\"password\": \"********\"}, null).");
    }

    @Test
    void an_object_or_array_under_a_key_that_names_secrets_is_masked_whole() {
        // a secret key's value need not be a scalar: {"credentials": {"value": ...}}, {"password": [...]}
        assertThat(SecretNames.maskedDocument("{\"credentials\": {\"type\": \"totp\", \"value\": \"JBSW Y3DP\"}, \"id\": 7}"))
                .isEqualTo("{\"credentials\": \"********\", \"id\": 7}");
        assertThat(SecretNames.maskedDocument("{\"key_count\": 1, \"password\": [\"old1\", {\"v\": \"]\"}], \"n\": [1]}"))
                .isEqualTo("{\"key_count\": 1, \"password\": \"********\", \"n\": [1]}");
        assertThat(SecretNames.maskedDocument("{\"password\": null, \"token\" : {\"a\": {\"b\": 1}}}"))
                .isEqualTo("{\"password\": null, \"token\" : \"********\"}");
        // a document cut short (a long value PostgreSQL's detail ends early): all that follows the key is masked
        assertThat(SecretNames.maskedDocument("{\"note\": \"a\", \"secret\": {\"k\": \"v"))
                .isEqualTo("{\"note\": \"a\", \"secret\": \"********\"");
        assertThat(SecretNames.maskedRow("Failing row contains (1, {\"credentials\": {\"hash\": \"x\"}}, null).",
                List.of("id", "config", "note"), false)).isEqualTo("Failing row contains (1, {\"credentials\": \"********\"}, null).");
    }

    @Test
    void a_document_written_into_a_string_of_another_is_masked_inside_it() {
        assertThat(SecretNames.maskedDocument("{\"payload\": \"{\\\"api_key\\\": \\\"sk-live-123\\\", \\\"n\\\": 1}\", \"id\": 2}"))
                .isEqualTo("{\"payload\": \"{\\\"api_key\\\": \\\"********\\\", \\\"n\\\": 1}\", \"id\": 2}");
        // twice over, and a string with escapes but no secret stays as written
        assertThat(SecretNames.maskedDocument("[\"{\\\"p\\\": \\\"{\\\\\\\"token\\\\\\\": 5}\\\"}\", \"a\\\\b: \\u00e9\"]"))
                .isEqualTo("[\"{\\\"p\\\": \\\"{\\\\\\\"token\\\\\\\": \\\\\\\"********\\\\\\\"}\\\"}\", \"a\\\\b: \\u00e9\"]");
    }

    @Test
    void a_long_document_is_masked_without_running_out_of_stack() {
        String value = "x".repeat(200_000);
        assertThat(SecretNames.maskedDocument("{\"note\": \"" + value + "\", \"token\": \"" + value + "\"}"))
                .isEqualTo("{\"note\": \"" + value + "\", \"token\": \"********\"}");
    }

    @Test
    void a_documents_members_in_a_keys_values_are_masked() {
        assertThat(SecretNames.maskedKey("Key ((settings -> 'auth'::text))=({\"token\": \"sk-live-1\"}) already exists."))
                .isEqualTo("Key ((settings -> 'auth'::text))=({\"token\": \"********\"}) already exists.");
        assertThat(SecretNames.maskedKey("Key (api_token, settings)=(abc, {\"n\": 1}) already exists."))
                .isEqualTo("Key (api_token, settings)=(********) already exists.");
    }

    @Test
    void a_keys_values_on_a_secret_column_are_masked_in_postgresqls_detail() {
        assertThat(SecretNames.maskedKey("Key (password_hash)=(pbkdf2$x) already exists."))
                .isEqualTo("Key (password_hash)=(********) already exists.");
        assertThat(SecretNames.maskedKey("Key (tenant_id, api_token)=(1, abc, def) already exists."))
                .isEqualTo("Key (tenant_id, api_token)=(********) already exists.");
        assertThat(SecretNames.maskedKey("Key (lower(api_key))=(abc) already exists."))
                .isEqualTo("Key (lower(api_key))=(********) already exists.");
        assertThat(SecretNames.maskedKey("Key (email)=(a@b.c) already exists.")).isEqualTo("Key (email)=(a@b.c) already exists.");
        assertThat(SecretNames.maskedKey("Partition key of the failing row contains (tenant_token) = (tk_9f2).")).isEqualTo(
                "Partition key of the failing row contains (tenant_token) = (********).");
        assertThat(SecretNames.maskedKey("Partition key of the failing row contains (region, created) = (eu, 2024-01-01)."))
                .isEqualTo("Partition key of the failing row contains (region, created) = (eu, 2024-01-01).");
        assertThat(SecretNames.maskedKey("Failing row contains (1, null).")).isEqualTo("Failing row contains (1, null).");
    }

    @Test
    void a_refused_rows_values_of_secret_columns_are_masked_in_postgresqls_detail() {
        List<String> columns = List.of("id", "name", "password_hash", "email");
        assertThat(SecretNames.maskedRow("Failing row contains (1, null, pbkdf2$x, a@b.c).", columns, false))
                .isEqualTo("Failing row contains (1, null, ********, a@b.c).");
        // a value with a comma: the values no longer split one per column, so none is shown
        assertThat(SecretNames.maskedRow("Failing row contains (1, Doe, Jane, pbkdf2$x, a@b.c).", columns, false))
                .isEqualTo("Failing row contains (********).");
        // a table without a secret column, where the script names none
        assertThat(SecretNames.maskedRow("Failing row contains (1, null, a@b.c).", List.of("id", "name", "email"),
                false)).isEqualTo("Failing row contains (1, null, a@b.c).");
        // the table's columns unknown: masked whole when the script names a secret column, else shown
        assertThat(SecretNames.maskedRow("Failing row contains (1, sk_live).", List.of(), true))
                .isEqualTo("Failing row contains (********).");
        assertThat(SecretNames.maskedRow("Failing row contains (1, x).", List.of(), false))
                .isEqualTo("Failing row contains (1, x).");
        // the columns read after the rollback are not the row's (the failing script added the secret one): all masked
        assertThat(SecretNames.maskedRow("Failing row contains (1, a, tok).", List.of("id", "name", "legacy"), true))
                .isEqualTo("Failing row contains (********).");
        // a partition whose columns stand in another order than its root's: both lists, so the values split into neither
        assertThat(SecretNames.maskedRow("Failing row contains (1, pbkdf2$x, null).", List.of("note", "id",
                "password_hash", "id", "password_hash", "note"), false)).isEqualTo("Failing row contains (********).");
        assertThat(SecretNames.maskedRow("Key (id)=(1) already exists.", List.of(), true))
                .isEqualTo("Key (id)=(1) already exists.");
    }

    @Test
    void sql_that_names_a_secret_column() {
        assertThat(SecretNames.named("ALTER TABLE account ADD COLUMN password_hash text")).isTrue();
        assertThat(SecretNames.named("CREATE TABLE k (\"apiToken\" text)")).isTrue();
        assertThat(SecretNames.named("CREATE TABLE k (token_count int, public_key text)")).isFalse();
    }
}
