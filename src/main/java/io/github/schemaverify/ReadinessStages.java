package io.github.schemaverify;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import io.github.schemaverify.internal.config.Misuse;
import io.github.schemaverify.internal.readiness.Stage;

/** Finds a test class's {@link ReadinessStage} methods and turns them into the bootstrap's stages. */
final class ReadinessStages {

    private ReadinessStages() {
    }

    /** The class's stages, sorted by name so the order is stable; a misuse fails naming the method. */
    static List<Stage> of(Class<?> testClass) {
        List<Stage> stages = new ArrayList<>();
        for (Method m : AnnotationSupport.findAnnotatedMethods(testClass, ReadinessStage.class, HierarchyTraversalMode.TOP_DOWN)) {
            ReadinessStage a = m.getAnnotation(ReadinessStage.class);
            if (!Modifier.isStatic(m.getModifiers())) {
                throw Misuse.requirement("@ReadinessStage method " + testClass.getName() + "#" + m.getName(),
                        "must be static: stages run before the test instance exists", "");
            }
            for (Class<?> p : m.getParameterTypes()) {
                if (p != DataSource.class && p != Connection.class && p != TestDatabase.class) {
                    throw Misuse.requirement("@ReadinessStage method " + testClass.getName() + "#" + m.getName(),
                            "has a parameter of type " + p.getName() + "; stages may take DataSource, Connection or TestDatabase",
                            "");
                }
            }
            m.setAccessible(true);
            stages.add(new Stage(a.name().isBlank() ? m.getName() : a.name(), a.critical(), List.of(a.after()), a.async(),
                    db -> invoke(m, db)));
        }
        stages.sort(Comparator.comparing(Stage::name));
        return stages;
    }

    /** Calls the stage with what it asks for: the database's DataSource, a Connection (closed after), the database. */
    private static void invoke(Method m, TestDatabase db) throws Exception {
        Object[] args = new Object[m.getParameterCount()];
        List<Connection> opened = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                Class<?> p = m.getParameterTypes()[i];
                if (p == Connection.class) {
                    Connection c = db.connect();
                    opened.add(c);
                    args[i] = c;
                } else {
                    args[i] = p == DataSource.class ? db.dataSource() : db;
                }
            }
            m.invoke(null, args);
        } finally {
            for (Connection c : opened) {
                c.close();
            }
        }
    }
}
