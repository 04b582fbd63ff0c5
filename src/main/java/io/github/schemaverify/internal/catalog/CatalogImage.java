package io.github.schemaverify.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.schemaverify.schema.Cast;
import io.github.schemaverify.schema.Collation;
import io.github.schemaverify.schema.Comment;
import io.github.schemaverify.schema.CompositeType;
import io.github.schemaverify.schema.DefaultPrivileges;
import io.github.schemaverify.schema.Domain;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.EventTrigger;
import io.github.schemaverify.schema.InstalledExtension;
import io.github.schemaverify.schema.OtherObject;
import io.github.schemaverify.schema.Publication;
import io.github.schemaverify.schema.RangeType;
import io.github.schemaverify.schema.Role;
import io.github.schemaverify.schema.Routine;
import io.github.schemaverify.schema.SchemaName;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Sequence;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.View;

/**
 * A {@link SchemaSnapshot} kept by catalog root, so that a later reading can replace only the roots that changed.
 * A root is a relation (a table, view or sequence, with its columns, constraints, indexes, triggers, policies, rules,
 * statistics and comments), a routine, or a type (enum, domain, composite or range); everything else is global and
 * only a full reading replaces it: schemas, extensions, collations, casts, publications, event triggers, default
 * privileges, roles, the kinds without a record of their own ({@link OtherObject}: text search configurations,
 * operators, foreign tables, ..., and the privileges on the database and on extensions' objects), the comments on all
 * of these and on the database, and the names of operator classes.
 *
 * @param position the DDL log position this image reflects ({@code -1} without a log)
 */
public record CatalogImage(long position, List<SchemaObject> globals, Map<Long, String> opclasses,
        Map<Root, List<SchemaObject>> roots, Facts facts) {

    /** The kinds of root, as the DDL log writes them. */
    public enum Kind {
        RELATION('R'), ROUTINE('P'), TYPE('T');

        final char code;

        Kind(char code) {
            this.code = code;
        }

        static Kind of(char code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no root kind " + code);
        }
    }

    /** One catalog root: its kind and oid. */
    public record Root(Kind kind, long oid) {
        // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Root o
                    && Objects.equals(kind, o.kind)
                    && oid == o.oid;
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, oid);
        }
    }

    /**
     * What the image also needs to know to judge a later reading: a digest of what no DDL command reports (roles,
     * which owners, privileges and policies name, their memberships, and event triggers); when it changes, a reading
     * reads everything.
     */
    public record Facts(String globals) {
        static final Facts NONE = new Facts("");

        // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Facts o
                    && Objects.equals(globals, o.globals);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(globals);
        }
    }

    public CatalogImage {
        globals = List.copyOf(globals);
        roots = Map.copyOf(roots);
        opclasses = Map.copyOf(opclasses);
    }

    /** The snapshot this image describes. */
    public SchemaSnapshot snapshot() {
        List<SchemaName> schemas = new ArrayList<>();
        List<InstalledExtension> extensions = new ArrayList<>();
        List<Collation> collationList = new ArrayList<>();
        List<Cast> casts = new ArrayList<>();
        List<Publication> publications = new ArrayList<>();
        List<EventTrigger> eventTriggers = new ArrayList<>();
        List<DefaultPrivileges> defaults = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        List<OtherObject> others = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        List<Sequence> sequences = new ArrayList<>();
        List<View> views = new ArrayList<>();
        List<Routine> routines = new ArrayList<>();
        List<EnumType> enums = new ArrayList<>();
        List<Domain> domains = new ArrayList<>();
        List<CompositeType> composites = new ArrayList<>();
        List<RangeType> ranges = new ArrayList<>();
        List<Comment> comments = new ArrayList<>();
        List<SchemaObject> all = new ArrayList<>(globals);
        roots.values().forEach(all::addAll);
        for (SchemaObject o : all) {
            if (o instanceof SchemaName s) {
                schemas.add(s);
            } else if (o instanceof InstalledExtension e) {
                extensions.add(e);
            } else if (o instanceof Collation c) {
                collationList.add(c);
            } else if (o instanceof Cast c) {
                casts.add(c);
            } else if (o instanceof Publication p) {
                publications.add(p);
            } else if (o instanceof EventTrigger e) {
                eventTriggers.add(e);
            } else if (o instanceof DefaultPrivileges d) {
                defaults.add(d);
            } else if (o instanceof Role r) {
                roles.add(r);
            } else if (o instanceof Table t) {
                tables.add(t);
            } else if (o instanceof Sequence s) {
                sequences.add(s);
            } else if (o instanceof View v) {
                views.add(v);
            } else if (o instanceof Routine r) {
                routines.add(r);
            } else if (o instanceof EnumType e) {
                enums.add(e);
            } else if (o instanceof Domain d) {
                domains.add(d);
            } else if (o instanceof CompositeType c) {
                composites.add(c);
            } else if (o instanceof RangeType r) {
                ranges.add(r);
            } else if (o instanceof Comment c) {
                comments.add(c);
            } else if (o instanceof OtherObject c) {
                others.add(c);
            } else {
                throw new IllegalStateException("not a root or global object: " + o);
            }
        }
        return new SchemaSnapshot(schemas, extensions, tables, sequences, views, routines, enums, domains, composites, comments,
                ranges, collationList, casts, publications, eventTriggers, defaults, roles, others);
    }

    /**
     * Whether this image holds a foreign table: it is read with the global kinds, and what changes it through a
     * dependency (a function its default calls renamed, a type its column has dropped with CASCADE, its partition
     * detached from a parent) is logged on relations alone.
     */
    boolean holdsForeignTables() {
        for (SchemaObject o : globals) {
            if (o instanceof OtherObject other && other.kind().equals("foreign table")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The partitions of the given tables as this image knows them: detaching a partition is logged on the parent
     * only, and afterwards no dependency links the two.
     */
    List<Root> partitionsOf(java.util.Collection<Root> parents) {
        List<String> names = new ArrayList<>();
        for (Root parent : parents) {
            for (SchemaObject o : roots.getOrDefault(parent, List.of())) {
                if (o instanceof Table t) {
                    names.add(t.qualifiedName() + " ");
                }
            }
        }
        List<Root> result = new ArrayList<>();
        if (names.isEmpty()) {
            return result;
        }
        roots.forEach((root, objects) -> {
            for (SchemaObject o : objects) {
                if (o instanceof Table t && !t.partitionOf().isEmpty() && names.stream().anyMatch(t.partitionOf()::startsWith)) {
                    result.add(root);
                }
            }
        });
        return result;
    }

    /** This image with the given roots replaced by what a partial reading found for them (absent: gone). */
    CatalogImage replace(long newPosition, java.util.Collection<Root> reread, Map<Root, List<SchemaObject>> found, Facts newFacts) {
        Map<Root, List<SchemaObject>> merged = new HashMap<>(roots);
        for (Root r : reread) {
            merged.remove(r);
        }
        found.forEach((root, objects) -> {
            if (reread.contains(root)) {
                merged.put(root, List.copyOf(objects));
            }
        });
        return new CatalogImage(newPosition, globals, opclasses, merged, newFacts);
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof CatalogImage o
                && position == o.position
                && Objects.equals(globals, o.globals)
                && Objects.equals(opclasses, o.opclasses)
                && Objects.equals(roots, o.roots)
                && Objects.equals(facts, o.facts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, globals, opclasses, roots, facts);
    }
}
