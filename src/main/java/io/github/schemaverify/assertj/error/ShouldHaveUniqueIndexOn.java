package io.github.schemaverify.assertj.error;

import java.util.Collection;
import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when no unique index has exactly these keys:
 * <pre>
 * [table public.tenants]
 * Expecting table public.tenants to have a unique index on (email),
 * but its unique indexes are: tenants_name_key (name), tenants_pkey (id)
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveUniqueIndexOn extends TextMessageFactory {

    /** @param uniqueIndexes the table's unique indexes, each with its keys: {@code tenants_pkey (id)} */
    public static ErrorMessageFactory shouldHaveUniqueIndexOn(String table, List<String> columns, Collection<String> uniqueIndexes) {
        return new ShouldHaveUniqueIndexOn(table, columns, uniqueIndexes);
    }

    private ShouldHaveUniqueIndexOn(String table, List<String> columns, Collection<String> uniqueIndexes) {
        super("%nExpecting table %s to have a unique index on (%s),%nbut its unique indexes are: %s", table, String.join(", ", columns),
                names(uniqueIndexes));
    }
}
